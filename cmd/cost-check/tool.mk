# cost-check: the bundled price table (LiteLLM's format) is data.  It is
# copied beside the built binary ($(BIN)/../share/agentci, where the tool
# looks first) and installed as $(DATADIR)/prices.json.
ifneq ($(filter cost-check,$(TOOLS)),)
CC_PRICES := $(SHARE)/prices.json

.PHONY: cost-check-install-prices
all: $(CC_PRICES)
$(CC_PRICES): cmd/cost-check/prices.json
	@mkdir -p $(@D)
	$(say) CP $@
	$(Q)cp $< $@

install: cost-check-install-prices
cost-check-install-prices:
	install -d $(DESTDIR)$(DATADIR)
	install -m 0644 cmd/cost-check/prices.json $(DESTDIR)$(DATADIR)/prices.json
endif
