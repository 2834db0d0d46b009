# Thin wrapper over scripts/ and CMake presets. The two set-up commands:
#   make play   installs what is missing, builds the web playground, serves it on 127.0.0.1
#   make test   installs what is missing, builds native + web (+ the sanitizer
#               build's test programs), runs every test
#   make fuzz   fuzzes each libFuzzer target (FUZZ_SECONDS=60 each, FUZZ_TARGETS=...)
#   make monkey SEED=n ACTIONS=n   a long monkey run of the page (random input, tests/browser/monkey.mjs)
#   make dist   dist/web/ (a static site, and an npm package: package.json) and dist/nnplay.html
.PHONY: play test desktop dist bench fuzz monkey bootstrap native web clean readme
JOBS ?= $(shell nproc)
# The npm package's version: make dist writes dist/web/package.json.
VERSION ?= 0.1.0
PORT ?= 8080
SEED ?= 1
ACTIONS ?= 1000
export NODE_PATH := /usr/share/nodejs

play: web
	@python3 scripts/serve.py --dir build/web/site --port $(PORT)

test: bootstrap
	@bash scripts/test.sh

desktop: bootstrap native
	./build/native/bin/nnplay $(ARGS)

dist: web
	rm -rf dist/web dist/nnplay.html && mkdir -p dist/web
	cp -r build/web/site/. dist/web/
	cp build/web/nnplay.html dist/nnplay.html
	cp LICENSE dist/web/LICENSE
	@python3 scripts/package_json.py --dir dist/web --version $(VERSION) --license-file LICENSE
	@python3 scripts/dist_size.py dist/web dist/nnplay.html
	@echo "dist/web/ is a self-contained static site: serve it from any static web server (or publish it: npm publish dist/web)."
	@echo "dist/nnplay.html is the playground in one file: it opens from disk, no server needed."

bench: bootstrap
	@bash scripts/bench.sh

fuzz: bootstrap
	@bash scripts/fuzz.sh

monkey: web
	node tests/browser/monkey.mjs --site build/web/site --out build/screenshots --seed $(SEED) --actions $(ACTIONS)

bootstrap:
	@bash scripts/bootstrap.sh

native: bootstrap
	cmake --preset native >/dev/null
	cmake --build --preset native -j$(JOBS)

web: bootstrap
	cmake --preset web >/dev/null
	cmake --build --preset web -j$(JOBS)

# README.md's table of settings, generated from the engine's table.
readme: native
	cmake -DCLI=build/native/bin/nnplay-cli -DREADME=README.md -DMODE=update -P tests/readme/readme_settings.cmake

clean:
	rm -rf build dist
