# Build and install `pay`: the binary, shell completions and a man page.
#
#   make install                      release build into /usr/local
#   make install PREFIX=$HOME/.local  into your home (put $HOME/.local/bin on PATH)
#   make install CONFIG=debug         a debug build (faster to build; CI uses it)
#   make uninstall PREFIX=…           removes what install put there
#
# The release build is the one BENCHMARKS.md measures: the Swift runtime linked in statically,
# so the binary runs on a machine with no Swift toolchain (it still needs libreadline and
# libsqlite3). DESTDIR is honoured for packagers.
PREFIX ?= /usr/local
CONFIG ?= release
SWIFT ?= swift
DESTDIR ?=

ifeq ($(CONFIG),release)
BUILD_FLAGS = -c release --static-swift-stdlib
else
BUILD_FLAGS = -c debug
endif

BIN_DIR = $(shell $(SWIFT) build $(BUILD_FLAGS) --show-bin-path)
OUT = .build/install-files
ROOT = $(DESTDIR)$(PREFIX)

.PHONY: all build completions manual install uninstall clean-install-files

all: build

# `pay-mcp` is what `pay mcp` runs, beside `pay`: a program of its own, as the MCP SDK links
# libcurl (its release build needs libcurl4-openssl-dev), which `pay` itself never loads.
build:
	$(SWIFT) build $(BUILD_FLAGS) --product pay
	$(SWIFT) build $(BUILD_FLAGS) --product pay-mcp

# Completion scripts come from the binary itself (swift-argument-parser), so they always match its options.
completions: build
	mkdir -p $(OUT)
	"$(BIN_DIR)/pay" --generate-completion-script bash > $(OUT)/pay.bash
	"$(BIN_DIR)/pay" --generate-completion-script zsh > $(OUT)/_pay
	"$(BIN_DIR)/pay" --generate-completion-script fish > $(OUT)/pay.fish

# The man page, from swift-argument-parser's generate-manual tool run on the binary just built
# (it reads the options' own help from `pay --experimental-dump-help`): the tool is a small debug
# build, so `pay` is built once. (Its plugin, `swift package generate-manual`, builds every
# executable product again in the configuration given: a second release build.)
manual: build
	mkdir -p $(OUT)
	$(SWIFT) build --product generate-manual
	"$$($(SWIFT) build --show-bin-path)/generate-manual" "$(BIN_DIR)/pay" --output-directory $(OUT)

install: manual completions
	install -d "$(ROOT)/bin" "$(ROOT)/share/man/man1" "$(ROOT)/share/bash-completion/completions" \
		"$(ROOT)/share/zsh/site-functions" "$(ROOT)/share/fish/vendor_completions.d"
	install -m 755 "$(BIN_DIR)/pay" "$(ROOT)/bin/pay"
	install -m 755 "$(BIN_DIR)/pay-mcp" "$(ROOT)/bin/pay-mcp"
	install -m 644 $(OUT)/pay.1 "$(ROOT)/share/man/man1/pay.1"
	install -m 644 $(OUT)/pay.bash "$(ROOT)/share/bash-completion/completions/pay"
	install -m 644 $(OUT)/_pay "$(ROOT)/share/zsh/site-functions/_pay"
	install -m 644 $(OUT)/pay.fish "$(ROOT)/share/fish/vendor_completions.d/pay.fish"
	@echo "installed pay into $(ROOT)/bin; check with: pay --version"

uninstall:
	rm -f "$(ROOT)/bin/pay" "$(ROOT)/bin/pay-mcp" "$(ROOT)/share/man/man1/pay.1" "$(ROOT)/share/bash-completion/completions/pay" \
		"$(ROOT)/share/zsh/site-functions/_pay" "$(ROOT)/share/fish/vendor_completions.d/pay.fish"

clean-install-files:
	rm -rf $(OUT)
