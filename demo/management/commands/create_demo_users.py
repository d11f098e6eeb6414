from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.users import create_demo_users


class Command(BaseCommand):
    help = "Create one demo user per role, with demo-only passwords. Refused when DEBUG is off."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Create the demo users even though DEBUG is off (never in production).",
        )

    def handle(self, *args, allow_without_debug=False, **options):
        if not settings.DEBUG and not allow_without_debug:
            raise CommandError("Demo users have publicly known passwords; refused with DEBUG off.")
        self.stdout.write("Demo users (demo only, passwords are public):")
        for demo in create_demo_users():
            role = demo.role or "administratör"
            self.stdout.write(f"  {demo.username:<12} {demo.password:<18} {role}")
