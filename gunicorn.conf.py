"""gunicorn's settings for gnu-plan (README, "Running in production").

Start with ``gunicorn`` from the project folder; any setting can be overridden on
the command line or in GUNICORN_CMD_ARGS.
"""

import os

wsgi_app = "gnu_plan.wsgi:application"
# Behind the reverse proxy on the same machine: never listen on every interface.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Synchronous workers; a few per core. A PDF takes seconds, hence the timeout.
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
timeout = 60
graceful_timeout = 30
# Access log and errors to stderr: the journal under systemd.
accesslog = "-"
errorlog = "-"
# systemd stops and reloads gunicorn (HUP); no control socket for gunicornc in $HOME.
control_socket_disable = True
access_log_format = '%({x-forwarded-for}i)s "%(r)s" %(s)s %(B)s %(M)sms "%(a)s"'
