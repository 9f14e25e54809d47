"""What `templates/_pager.html` asks of a page of results, for result types that know their
`page` and number of `pages` (Flask-SQLAlchemy's own pagination has the same names)."""

from __future__ import annotations


class PagerLinks:
    page: int
    pages: int

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1
