"""Helpers for data migrations that grant permissions to the staff roles (not a migration)."""
from django.contrib.auth.management import create_permissions


def ensure_permissions(apps):
    """Create the permission rows now: Django only makes them after all migrations have run."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def grant(apps, role_permissions: dict[str, list[str]]):
    """Give each role (a group, created if missing) the listed "app_label.codename" permissions."""
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in role_permissions.items():
        group, _ = Group.objects.get_or_create(name=role)
        for name in names:
            app_label, codename = name.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
