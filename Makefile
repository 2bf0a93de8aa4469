# planner: `make run` serves the demo, `make test` runs the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := planner
LANGS := ky ru hy en

.PHONY: run test setup install translations compile-translations extract-translations bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

compile-translations: install
	$(BIN)/pybabel compile -d translations --statistics 2>&1 | grep -v "^compiling" || true

setup: install compile-translations

# A secret key and a ballot receipt key of its own for this checkout, kept in instance/ (not in git). No debug mode:
# `make run HOST=0.0.0.0` at a workshop must not expose the debugger to the room.
run: setup
	@mkdir -p instance
	@test -s instance/secret_key || $(BIN)/python -c "import secrets; print(secrets.token_hex(32))" > instance/secret_key
	@test -s instance/ballot_receipt_key || $(BIN)/python -c "import secrets; print(secrets.token_hex(32))" > instance/ballot_receipt_key
	$(BIN)/flask db upgrade
	@PLANNER_SECRET_KEY=$$(cat instance/secret_key) PLANNER_BALLOT_RECEIPT_KEY=$$(cat instance/ballot_receipt_key) $(BIN)/python -c "from planner import create_app; from planner.cli import has_municipalities; app = create_app(); app.app_context().push(); raise SystemExit(0 if has_municipalities() else 1)" \
	  || PLANNER_BALLOT_RECEIPT_KEY=$$(cat instance/ballot_receipt_key) $(BIN)/flask demo --quiet
	@echo ""
	@echo "  planner is running at http://$(HOST):$(PORT)/"
	@echo "  Demo logins (password: demo-planner-2026):"
	@echo "    admin@example.org     administrator"
	@echo "    trainer@example.org   trainer"
	@echo "    staff@example.org     municipal staff, Жашыл-Өрөн"
	@echo "    group@example.org     initiative group member"
	@echo "    deputy@example.org    council deputy"
	@echo "    monitor@example.org   monitoring group member"
	@echo "    resident@example.org  verified resident"
	@echo "    hy-staff@example.org  municipal staff, Վերինձոր"
	@echo "    (all logins: README.md)"
	@echo ""
	PLANNER_SECRET_KEY=$$(cat instance/secret_key) PLANNER_BALLOT_RECEIPT_KEY=$$(cat instance/ballot_receipt_key) $(BIN)/flask run --host $(HOST) --port $(PORT) --no-reload --with-threads

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

extract-translations: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 -k lazy_pgettext:1c,2 --no-location --sort-output --omit-header -o translations/messages.pot .

# Extract, then merge new strings into every language's catalogue (translate them, then `make compile-translations`).
translations: extract-translations
	@for l in $(LANGS); do \
	  if [ -f translations/$$l/LC_MESSAGES/messages.po ]; then \
	    $(BIN)/pybabel update -i translations/messages.pot -d translations -l $$l --no-fuzzy-matching --ignore-obsolete; \
	  else $(BIN)/pybabel init -i translations/messages.pot -d translations -l $$l; fi; \
	done
	$(BIN)/python translations/fill_en.py translations/en/LC_MESSAGES/messages.po

bench: setup
	$(BIN)/python bench/run.py --write

clean:
	rm -rf $(VENV) instance/*.db* translations/*/LC_MESSAGES/*.mo
