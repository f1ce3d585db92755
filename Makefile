# One set of commands for developers and CI. `make help` lists them.
UV := python3 -m uv
# The interpreter the workspace runs on: the distribution's CPython 3.11 where the machine has
# one (built with profile-guided and link-time optimisation, it runs the platform's Python a
# fifth faster than one built from source without them), else the first uv finds.
DISTRIBUTION_PYTHON := $(wildcard /usr/bin/python3.11)
ifneq ($(DISTRIBUTION_PYTHON),)
export UV_PYTHON ?= $(DISTRIBUTION_PYTHON)
endif
RUN := $(UV) run --frozen

.PHONY: help install run test check lint typecheck unit bench schemas k8s token import rebuild migrate clean

help:  ## this list
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

install:  ## uv, Java and Maven if missing; the Python workspace from uv.lock
	@./deploy/scripts/install-tools.sh
	@$(UV) sync --frozen --quiet

run: install  ## the whole platform: Kafka, PostgreSQL, four services (Ctrl-C stops)
	@$(RUN) python -m devstack.run

test: install check  ## everything CI runs: lint, types, then all tests on real Kafka + PostgreSQL
	@./deploy/scripts/install-tools.sh --checks
	@$(RUN) pytest

check: lint typecheck  ## static checks only

lint:
	@$(RUN) ruff check .
	@$(RUN) ruff format --check .

typecheck:
	@$(RUN) mypy

unit: install  ## the fast tests only (no Kafka, no PostgreSQL)
	@./deploy/scripts/install-tools.sh --checks
	@$(RUN) pytest -m unit

bench: install  ## benchmarks against raw baselines measured in the same run
	@$(RUN) python -m bench

schemas:  ## regenerate contracts/schemas and contracts/asyncapi.json from the models
	@$(RUN) python -m kk_contracts.schemas
	@$(RUN) python -m kk_contracts.asyncapi

k8s: install  ## the Kubernetes chart (deploy/helm/kk): helm lint, render, kubeconform -strict, offline
	@./deploy/scripts/install-tools.sh --checks
	@$(RUN) python -m devstack.kubernetes check

token:  ## a development token: make token ROLE=social_worker CENTRE=KK-6101
	@. ./.state/secrets.env && $(RUN) python -m servicekit.tokens --role $(ROLE) \
		$(if $(CENTRE),--centre $(CENTRE)) $(if $(REGION),--region $(REGION)) \
		$(if $(MUNICIPALITY),--municipality $(MUNICIPALITY))

import:  ## legacy individual files from CSV, beside `make run`: make import FILE=x.csv CENTRE=KK-6101 BY=name [DRY_RUN=1]
	@test -f .state/run.env || { echo "start the platform first: make run"; exit 2; }
	@set -a && . ./.state/secrets.env && . ./.state/run.env && set +a && \
		$(RUN) python -m kk_intake.importer "$(FILE)" --centre $(CENTRE) --by "$(BY)" \
		$(if $(DRY_RUN),--dry-run)

rebuild:  ## reporting's indicators rebuilt from the topics, beside `make run` (dashboards keep answering)
	@test -f .state/run.env || { echo "start the platform first: make run"; exit 2; }
	@set -a && . ./.state/secrets.env && . ./.state/run.env && set +a && \
		$(RUN) python -m kk_reporting.adapters.rebuild

migrate:  ## each service's database migrations, applied to `make run`'s PostgreSQL (start-up applies them too)
	@test -f .state/run.env || { echo "start the platform first: make run"; exit 2; }
	@set -a && . ./.state/secrets.env && . ./.state/run.env && set +a && \
		$(RUN) python -m servicekit.migrations kk_registry kk_intake kk_referral kk_reporting

clean:  ## forget all local data (Kafka, PostgreSQL, logs); keeps the Kafka jars
	rm -rf .state/postgres .state/kafka/data .state/kafka/cluster.id .state/logs .state/test-*
