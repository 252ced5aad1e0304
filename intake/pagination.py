"""A paginator for searches, which mostly find fewer matches than fill a page."""

from django.core.paginator import Page, Paginator


class SearchPaginator(Paginator):
    """Counts the matches without a count query (as slow as the search itself) where it can: rows
    that carry `matches` (`selectors.client_search_rows`) say how many there are, and a first page
    read with one row more than it shows holds every match when that row is missing."""

    def page(self, number) -> Page:
        if self.orphans or "count" in self.__dict__ or not str(number).isdecimal() or int(number) < 1:
            return super().page(number)
        number = int(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if rows and hasattr(rows[0], "matches"):
            self.__dict__["count"] = rows[0].matches  # fills the cached property
        elif number == 1 and len(rows) <= self.per_page:
            self.__dict__["count"] = len(rows)
        else:
            self.validate_number(number)  # counts the matches; refuses a page past the last
        return self._get_page(rows[: self.per_page], number, self)
