# agent-service.mk: agentci's tools as Makefile targets for an agent service.
# Include it from the service's Makefile (include agent-service.mk) or run it
# alone (make -f agent-service.mk TARGET).  Every setting below can be given
# on the command line: make deploy ENV=staging IMAGE=ghcr.io/acme/agent:1.6.0
#
#   make prompts                 prompts valid and within budget; version table
#   make cost                    price the call logs against the daily budget
#   make tags                    image tags for this checkout
#   make deploy ENV=staging      sealed config into a Secret, roll out, health
#   make rollback ENV=production REASON='...' [IMAGE=...]
#   make rotate ENV=staging      new data key, Secret re-applied, pods restarted

PROMPTS      ?= prompts
MAX_TOKENS   ?= 4000
WARN_AT      ?= 3000
LOGS         ?= $(wildcard logs/*.jsonl)
DAILY_BUDGET ?= 500
REPORTS      ?= reports
REGISTRY_IMAGE ?= ghcr.io/acme/agent-service
ENV          ?= dev
NAMESPACE    ?= agent-$(ENV)
DEPLOYMENT   ?= agent-service
CONFIG       ?= deploy/config/$(ENV).enc.yaml
HEALTH_URL   ?= https://$(ENV)-agent.example.com/health
TIMEOUT      ?= 5m
IMAGE        ?= $(shell img-tag --images $(REGISTRY_IMAGE) --tags type=sha 2>/dev/null | head -n 1)

.PHONY: prompts cost tags deploy rollback rotate

prompts:
	prompt-lint --max-tokens-per-request $(MAX_TOKENS) --warn-at $(WARN_AT) $(PROMPTS)
	prompt-lint --versions $(PROMPTS)

# The report is a file, so a later job (cost-check diff) can compare it.
cost:
	cost-check report --threshold-daily $(DAILY_BUDGET) --fail-on-exceed \
		--format json -o $(REPORTS)/cost.json $(LOGS)
	jq -r '"$(DAILY_BUDGET) USD a day: \(.status), \(.totals.calls) calls, \(.totals.cost_usd) USD"' \
		$(REPORTS)/cost.json

tags:
	img-tag --images $(REGISTRY_IMAGE) --tags 'type=semver,pattern={{version}}' --tags type=ref,event=branch \
		--tags type=sha

# The decrypted Secret exists only in the pipe, never on disk.
deploy:
	@test -n "$(IMAGE)" || { echo "make deploy: set IMAGE=name:tag" >&2; exit 2; }
	secret-seal decrypt --output-type k8s-secret --name $(DEPLOYMENT)-config --namespace $(NAMESPACE) \
		$(CONFIG) | k8s-rollout apply -n $(NAMESPACE) -f -
	k8s-rollout set-image deployment/$(DEPLOYMENT) $(DEPLOYMENT)=$(IMAGE) -n $(NAMESPACE) \
		--record "make deploy $(IMAGE)"
	k8s-rollout status deployment/$(DEPLOYMENT) -n $(NAMESPACE) --timeout $(TIMEOUT) && \
		health-wait --timeout $(TIMEOUT) --expect-json '.status == "ok"' $(HEALTH_URL) || \
		{ k8s-rollout undo deployment/$(DEPLOYMENT) -n $(NAMESPACE); exit 1; }

rollback:
	@test -n "$(REASON)" || { echo "make rollback: say why with REASON='...'" >&2; exit 2; }
	$(if $(filter command line,$(origin IMAGE)), \
		k8s-rollout set-image deployment/$(DEPLOYMENT) $(DEPLOYMENT)=$(IMAGE) -n $(NAMESPACE) \
			--record "rollback: $(REASON)", \
		k8s-rollout undo deployment/$(DEPLOYMENT) -n $(NAMESPACE))
	k8s-rollout status deployment/$(DEPLOYMENT) -n $(NAMESPACE) --timeout $(TIMEOUT)

rotate:
	secret-seal updatekeys --yes $(CONFIG)
	secret-seal rotate --in-place $(CONFIG)
	secret-seal verify $(CONFIG)
	secret-seal decrypt --output-type k8s-secret --name $(DEPLOYMENT)-config --namespace $(NAMESPACE) \
		$(CONFIG) | k8s-rollout apply -n $(NAMESPACE) -f -
	k8s-rollout restart deployment/$(DEPLOYMENT) -n $(NAMESPACE)
	k8s-rollout status deployment/$(DEPLOYMENT) -n $(NAMESPACE) --timeout $(TIMEOUT)
