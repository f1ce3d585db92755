# The admin step for compose's broker: topics, a SCRAM user per service and per regional
# observatory, and their ACLs (libs/devstack/src/devstack/access.py). Build from the root:
#   docker build -f deploy/kafka/setup.Dockerfile -t kk-kafka-setup .
FROM python:3.11-slim
RUN pip install --no-cache-dir uv==0.13.9 \
  && groupadd --gid 10001 kk && useradd --create-home --uid 10001 --gid 10001 kk
WORKDIR /app
COPY . .
RUN uv sync --frozen --no-dev --package devstack && chown -R kk /app
# A numeric user, so that Kubernetes' runAsNonRoot can tell that it is not root.
USER 10001:10001
ENV PATH=/app/.venv/bin:$PATH PYTHONUNBUFFERED=1
CMD ["python", "-m", "devstack.access"]
