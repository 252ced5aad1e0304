// "Add another row" for Django formsets: clone the empty form and bump TOTAL_FORMS.
document.querySelectorAll("[data-formset]").forEach((section) => {
  const prefix = section.dataset.formset;
  const total = section.querySelector(`#id_${prefix}-TOTAL_FORMS`);
  const template = section.querySelector(".formset-template");
  const rows = section.querySelector(".formset-rows");
  section.querySelector(".formset-add").addEventListener("click", () => {
    const index = Number(total.value);
    const html = template.innerHTML.replaceAll("__prefix__", String(index));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    rows.lastElementChild.querySelector("select, input")?.focus();
  });
});
