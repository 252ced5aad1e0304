"""django-simple-history's `HistoricalRecords`, with the history manager's class made once.

simple-history's `Model.history` descriptor builds its manager's class afresh on every access
(`Manager.from_queryset` walks the queryset's methods): about 100 µs, paid on every save of a
recorded row, as the library reads the manager to write the historical record. The class depends only
on the queryset class, so `HistoryManager.from_queryset` makes it once for each."""

import functools

from simple_history import manager, models


class HistoryManager(manager.HistoryManager):
    """simple-history's manager of a model's historical records, its class per queryset class made once."""

    @classmethod
    @functools.cache
    def from_queryset(cls, queryset_class, class_name=None):
        """The manager class with `queryset_class`'s methods, made on the first call only."""
        return super().from_queryset(queryset_class, class_name)


class HistoricalRecords(models.HistoricalRecords):
    """A model's historical records, read through `HistoryManager`."""

    def __init__(self, **options):
        super().__init__(history_manager=HistoryManager, **options)
