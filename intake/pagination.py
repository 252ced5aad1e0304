"""A paginator for searches, which mostly find fewer matches than fill a page."""

from django.core.paginator import Page, Paginator


class SearchPaginator(Paginator):
    """Reads the first page with one row more than it shows: when that row is missing, every match
    is on the page and the count query (as slow as the search itself) is not run."""

    def page(self, number) -> Page:
        if str(number) != "1" or self.orphans or "count" in self.__dict__:
            return super().page(number)
        rows = list(self.object_list[: self.per_page + 1])
        if len(rows) <= self.per_page:
            self.__dict__["count"] = len(rows)  # fills the cached property
        return self._get_page(rows[: self.per_page], 1, self)
