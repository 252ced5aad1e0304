// The client's intake form: signature pads, and progress saved a moment after each change.
const form = document.getElementById("intake-form");
const status = document.getElementById("autosave-status");

document.querySelectorAll("canvas.signature-pad").forEach((canvas) => {
  const input = document.getElementById(canvas.dataset.target);
  const pad = new window.SignaturePad(canvas);
  if (input.value) pad.fromDataURL(input.value);
  pad.addEventListener("endStroke", () => { input.value = pad.toDataURL(); });
  document.querySelector(`[data-clear="${canvas.dataset.target}"]`).addEventListener("click", () => {
    pad.clear();
    input.value = "";
  });
});

let timer = null;
function save() {
  const body = new FormData(form);
  fetch(form.dataset.saveUrl, { method: "POST", body, headers: { "X-CSRFToken": body.get("csrfmiddlewaretoken") } })
    .then((response) => { status.textContent = response.ok ? status.dataset.saved : ""; })
    .catch(() => { status.textContent = ""; });
}
form.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(save, 800); });
form.addEventListener("change", () => { clearTimeout(timer); timer = setTimeout(save, 800); });
