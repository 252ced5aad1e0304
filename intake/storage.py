"""Private file storage: uploads no URL serves, handed out only by views that check who asks."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property

__all__ = ["PrivateStorage"]


@deconstructible(path="intake.storage.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    """Files under MEDIA_ROOT/private, outside any public static or media URL."""

    @cached_property
    def base_location(self):
        # Read at use, not at import, so a changed MEDIA_ROOT (tests, deployments) is followed.
        return os.path.join(settings.MEDIA_ROOT, "private")

    def url(self, name):
        """Refuse: a private file has no public address; a view serves it after a permission check."""
        raise ValueError("A private file has no public URL.")
