# One image for web (gunicorn), worker and beat; see docker-compose.yml and docs/deploy.md.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# The app never runs as root. It owns /app so that collectstatic can write staticfiles/.
RUN groupadd --system --gid 10001 pcso \
    && useradd --system --uid 10001 --gid pcso --home-dir /app --shell /usr/sbin/nologin pcso

WORKDIR /app

# Dependencies first, so a code change does not reinstall them. psycopg[binary] and
# shapely ship wheels with their C libraries: no compiler or libpq in the image.
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY --chown=pcso:pcso . .

USER pcso
EXPOSE 8000
CMD ["gunicorn", "pcso.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
