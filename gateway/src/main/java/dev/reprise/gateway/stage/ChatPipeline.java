package dev.reprise.gateway.stage;

import dev.reprise.gateway.auth.Authenticator;
import dev.reprise.gateway.budget.BudgetMetrics;
import dev.reprise.gateway.budget.BudgetStage;
import dev.reprise.gateway.budget.Budgets;
import dev.reprise.gateway.cache.CacheKeyStage;
import dev.reprise.gateway.cache.CoalesceStage;
import dev.reprise.gateway.cache.ExactTierStage;
import dev.reprise.gateway.cache.QueryLogStage;
import dev.reprise.gateway.cache.ResponseCache;
import dev.reprise.gateway.cache.SemanticTierStage;
import dev.reprise.gateway.guardrails.GuardrailSettings;
import dev.reprise.gateway.guardrails.GuardrailStage;
import dev.reprise.gateway.judge.BackgroundJudge;
import dev.reprise.gateway.judge.JudgeStage;
import dev.reprise.gateway.limits.RateLimitStage;
import dev.reprise.gateway.metrics.GatewayMetrics;
import dev.reprise.gateway.metrics.RequestMetrics;
import dev.reprise.gateway.overload.InspectionAdmission;
import dev.reprise.gateway.overload.Overload;
import dev.reprise.gateway.pipeline.Pipeline;
import dev.reprise.gateway.pipeline.SettledListener;
import dev.reprise.gateway.pipeline.Stage;
import dev.reprise.gateway.querylog.QueryLog;
import dev.reprise.gateway.routing.RoutingTable;
import dev.reprise.gateway.shadow.ShadowStage;
import dev.reprise.gateway.shadow.ShadowTraffic;
import dev.reprise.gateway.upstream.DeploymentPools;
import dev.reprise.gateway.upstream.FallbackChain;
import dev.reprise.gateway.upstream.ProviderPool;
import dev.reprise.models.catalogue.ModelCatalogue;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The request path of {@code POST /v1/chat/completions}, in order. This is the one place the order is
 * written; each stage's {@code after} runs in the reverse of this order.
 */
public final class ChatPipeline {

    private ChatPipeline() {
    }

    /**
     * What the stages need; {@code cache} is null when the cache is off, {@code queryLog} when
     * {@code cache.query-log} is. {@code pools} holds the deployments' live state (breakers, keys, latency)
     * and {@code clock} is what breakers and key rests read. {@code consumers} get every settled request
     * after the request metrics (the ledger, the access log). {@code judge} is null while {@code cache.judge} is off.
     * {@code budgets} is null only where a test leaves budgets out.
     * {@code rateLimits} is null when no limits are checked at all (tests that build their own parts).
     * {@code guardrails} is null only where a test leaves the guardrails out. {@code shadows} is null while no alias
     * has {@code shadow} candidates. {@code overload} is null while {@code overload.enabled} is false.
     * Build it with {@link #builder}: a feature that is off is simply left unset.
     */
    public record Parts(Authenticator authenticator, ModelCatalogue catalogue, ProviderPool providers,
                        GatewayMetrics metrics, LongSupplier ticker, ResponseCache cache, RoutingTable routing,
                        DeploymentPools pools, Clock clock, QueryLog queryLog, List<SettledListener> consumers,
                        BackgroundJudge judge, Budgets budgets, RateLimitStage rateLimits, GuardrailStage guardrails,
                        ShadowTraffic shadows, Overload overload) {

        public Parts {
            Objects.requireNonNull(authenticator, "authenticator");
            Objects.requireNonNull(catalogue, "catalogue");
            Objects.requireNonNull(providers, "providers");
            Objects.requireNonNull(metrics, "metrics");
            Objects.requireNonNull(ticker, "ticker");
            Objects.requireNonNull(routing, "routing");
            Objects.requireNonNull(pools, "pools");
            Objects.requireNonNull(clock, "clock");
            consumers = List.copyOf(consumers);
        }

        public static Builder builder() {
            return new Builder();
        }

        /** Builds {@link Parts}; optional parts (cache, query log, judge, consumers) default to off or none. */
        public static final class Builder {

            private Authenticator authenticator;
            private ModelCatalogue catalogue;
            private ProviderPool providers;
            private GatewayMetrics metrics;
            private LongSupplier ticker = System::nanoTime;
            private ResponseCache cache;
            private RoutingTable routing;
            private DeploymentPools pools;
            private Clock clock = Clock.systemUTC();
            private QueryLog queryLog;
            private final List<SettledListener> consumers = new ArrayList<>();
            private BackgroundJudge judge;
            private Budgets budgets;
            private RateLimitStage rateLimits;
            private GuardrailStage guardrails;
            private ShadowTraffic shadows;
            private Overload overload;

            private Builder() {
            }

            public Builder authenticator(Authenticator value) {
                this.authenticator = value;
                return this;
            }

            public Builder catalogue(ModelCatalogue value) {
                this.catalogue = value;
                return this;
            }

            public Builder providers(ProviderPool value) {
                this.providers = value;
                return this;
            }

            public Builder metrics(GatewayMetrics value) {
                this.metrics = value;
                return this;
            }

            public Builder ticker(LongSupplier value) {
                this.ticker = value;
                return this;
            }

            public Builder cache(ResponseCache value) {
                this.cache = value;
                return this;
            }

            public Builder routing(RoutingTable value) {
                this.routing = value;
                return this;
            }

            public Builder pools(DeploymentPools value) {
                this.pools = value;
                return this;
            }

            public Builder clock(Clock value) {
                this.clock = value;
                return this;
            }

            public Builder queryLog(QueryLog value) {
                this.queryLog = value;
                return this;
            }

            /** Adds consumers of every settled request, called after the request metrics in this order. */
            public Builder consumers(List<SettledListener> values) {
                consumers.addAll(values);
                return this;
            }

            public Builder judge(BackgroundJudge value) {
                this.judge = value;
                return this;
            }

            /** The dollar budgets requests are held to (and what has been spent against them). */
            public Builder budgets(Budgets value) {
                this.budgets = value;
                return this;
            }

            public Builder rateLimits(RateLimitStage value) {
                this.rateLimits = value;
                return this;
            }

            /** The request guardrails (PII, injection) of each alias. */
            public Builder guardrails(GuardrailStage value) {
                this.guardrails = value;
                return this;
            }

            /** Shadow traffic: copies of requests to candidate aliases, in the background. */
            public Builder shadows(ShadowTraffic value) {
                this.shadows = value;
                return this;
            }

            /** The overload control: sheds or degrades misses when the gateway's CPU work queues. */
            public Builder overload(Overload value) {
                this.overload = value;
                return this;
            }

            public Parts build() {
                return new Parts(authenticator, catalogue, providers, metrics, ticker, cache, routing, pools, clock,
                        queryLog, consumers, judge, budgets, rateLimits, guardrails, shadows, overload);
            }
        }
    }

    public static Pipeline create(Parts parts) {
        List<Stage> stages = new ArrayList<>();
        // 1. request id (set by the HTTP filter); the pipeline itself times the request. Who is calling.
        stages.add(new CallerStage(parts.authenticator()));
        // 2. parse and validate the OpenAI request.
        stages.add(new ParseStage());
        // Resolve the alias before the cache so the namespace uses a model that exists (404 otherwise).
        stages.add(new ResolveModelStage(parts.catalogue()));
        // Route rules and A/B variants pick the alias (and maybe the system prompt) before the cache, so
        // the cache keys on what will actually be asked; they are deterministic per request.
        stages.add(new RouteStage(parts.routing(), parts.catalogue()));
        // 3. what the caller's key may do: the alias it named (403 model_not_allowed), then its budgets (429
        //    budget_exceeded, before any limit is spent), then its rate limits (429 rate_limit_exceeded); placed
        //    after the route stage, so tenant, key and alias limits see the alias that will be called.
        stages.add(new KeyScopeStage());
        if (parts.budgets() != null) {
            stages.add(new BudgetStage(parts.budgets(), new BudgetMetrics(parts.metrics().registry(),
                    parts.budgets().spend(), parts.clock()), parts.clock()));
        }
        if (parts.rateLimits() != null) {
            stages.add(parts.rateLimits());
        }
        if (parts.guardrails() != null) {
            //    the routed alias's guardrails: a blocked prompt never reaches the cache or a provider, a redacted one
            //    is keyed (or kept out of the cache) and sent on in its redacted form; restores a plain answer's values.
            stages.add(parts.guardrails());
        }
        Stage inspection = inspection(parts);
        if (parts.cache() == null && parts.overload() != null) {
            //    no cache, so no exact hit to keep serving: every request may be shed or degraded here.
            stages.add(parts.overload().stage());
        }
        if (parts.cache() == null && inspection != null) {
            stages.add(inspection);
        }
        if (parts.cache() != null) {
            //    the x-reprise-intent label; once settled, the query log (before the key stage, so it settles
            //    after the key stage has stored the answer and knows the entry id).
            stages.add(new QueryLogStage(parts.queryLog()));
            if (parts.judge() != null) {
                //    once settled, a grey-band miss whose answer was stored goes to the background judge (before
                //    the key stage, so it settles after the store and knows the new entry's id).
                stages.add(new JudgeStage(parts.judge()));
            }
            // 4. cache key: tenant + alias + system prompt + earlier turns + tools + params -> namespace; the
            //    last user message is the text to match; decide cacheability. Once settled, it stores a miss's answer.
            stages.add(new CacheKeyStage(parts.cache()));
            // 5. exact tier: hash lookup, no embedding; a hit answers here.
            stages.add(new ExactTierStage(parts.cache()));
            if (parts.overload() != null) {
                //    the pressure level, once the exact tier missed: shedding refuses the request with a fast 503,
            //    degraded makes the embedding stages below skip their work (exact hits are served at every level).
                stages.add(parts.overload().stage());
            }
            if (inspection != null) {
                //    the injection check's inspection, which embeds the prompt: after the exact tier, which never
                //    embeds (no flagged prompt is stored, so an exact hit passed it once), before anything else.
                stages.add(inspection);
            }
            // 6. semantic tier: embed, k-NN in the namespace, threshold and guards; a hit answers here.
            //    Behind the overload control's CPU slots when it is on: skipped while degraded or when they are full.
            Stage semantic = new SemanticTierStage(parts.cache());
            stages.add(parts.overload() == null ? semantic : parts.overload().semantic(semantic));
            //    identical misses in flight share one upstream call.
            stages.add(new CoalesceStage(parts.cache()));
        }
        if (parts.shadows() != null) {
            //    once settled, a share of the requests that went to a provider is copied to candidate aliases in the
            //    background; right before the call, so it reads the request as the provider got it (routed, redacted).
            stages.add(new ShadowStage(parts.shadows()));
        }
        // 7-8. the deployment plan and the call: load balancing over the alias's deployments and keys,
        //      retries, breakers and the fallback chain; after the cache, so a hit never touches a provider.
        FallbackChain chain = new FallbackChain(parts.routing(), parts.pools(), parts.metrics(), parts.clock(),
                parts.ticker());
        stages.add(new InvokeStage(chain, parts.providers(), parts.metrics(), parts.ticker()));
        // 9. once the outcome is final (a stream's end), each request's settled record: stages' onSettled in
        //    reverse order, then its consumers.
        List<SettledListener> consumers = new ArrayList<>();
        consumers.add(new RequestMetrics(parts.metrics()));
        consumers.addAll(parts.consumers());
        return new Pipeline(stages, consumers, parts.clock(), parts.ticker());
    }

    /** The injection check's inspection, behind the overload control's CPU slots when it is on; null when none. */
    private static Stage inspection(Parts parts) {
        GuardrailStage guardrails = parts.guardrails();
        Stage inspection = guardrails == null ? null : guardrails.inspection();
        if (inspection == null || parts.overload() == null) {
            return inspection;
        }
        return parts.overload().inspection(inspection, ctx -> guardrails.pendingInspection(ctx)
                .map(action -> action == GuardrailSettings.InjectionAction.BLOCK
                        ? InspectionAdmission.Mode.BLOCK : InspectionAdmission.Mode.FLAG)
                .orElse(InspectionAdmission.Mode.NONE));
    }
}
