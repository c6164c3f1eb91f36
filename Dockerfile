# The bot image: one `aftersales serve` replica. Build: docker build -t aftersales .
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    AFTERSALES_DATA_DIR=/data \
    HF_HOME=/data/hf \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1

WORKDIR /app

# torch first, pinned, from the CPU index: an unpinned torch from PyPI pulls a multi-GB CUDA build.
RUN pip install --index-url https://download.pytorch.org/whl/cpu torch==2.13.0

COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY pyproject.toml README.md ./
COPY bot ./bot
COPY privacy ./privacy
COPY adapters ./adapters
COPY config ./config
# Editable: settings resolve config/ relative to the source tree (/app/config).
RUN pip install --no-deps -e . \
    && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin aftersales \
    && mkdir -p /data \
    && chown aftersales:aftersales /data

USER 10001:10001
EXPOSE 8080
# SIGTERM: stop accepting, finish in-flight messages, exit 0 (compose stop_grace_period covers it).
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=3)"]
CMD ["aftersales", "serve", "--host", "0.0.0.0", "--port", "8080"]
