package dev.reprise.bench.compare;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs every prompt on every arm that has no stored result yet, at most {@code concurrency} at once, and stores
 * each result as it comes. Work goes prompt by prompt (all arms of one prompt, then the next), so a run stopped
 * half way still has comparable columns.
 */
public final class CompareRun {

    private final CompareClient client;
    private final ResultStore store;
    private final PriceBook prices;
    private final RunProgress progress;

    public CompareRun(CompareClient client, ResultStore store, PriceBook prices, RunProgress progress) {
        this.client = client;
        this.store = store;
        this.prices = prices;
        this.progress = progress;
    }

    /** Runs what is missing and returns how many requests it sent. */
    public int run(List<ComparePrompt> prompts, List<Arm> arms, boolean stream, int concurrency,
                   boolean retryErrors, int warmup) {
        List<Runnable> work = new ArrayList<>();
        Set<Arm> toWarm = new LinkedHashSet<>();
        int skipped = 0;
        for (ComparePrompt prompt : prompts) {
            for (Arm arm : arms) {
                boolean done = store.get(arm.name(), prompt.key()).map(r -> r.ok() || !retryErrors).orElse(false);
                if (done) {
                    skipped++;
                } else {
                    toWarm.add(arm);
                    work.add(() -> {
                        CallResult result = client.call(arm, prompt, stream);
                        store.append(arm, result.withCost(prices.cost(arm.alias(), result)));
                        progress.advance(result.ok());
                    });
                }
            }
        }
        // The first call of an arm opens connections and runs cold code in the gateway and its provider client;
        // timing it would put that into the arm's p95.
        for (Arm arm : toWarm) {
            for (int i = 0; i < warmup; i++) {
                client.call(arm, prompts.getFirst(), stream);
            }
        }
        progress.start(work.size(), skipped);
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency, Thread.ofVirtual().name("compare-", 0)
                .factory())) {
            List<Future<?>> futures = work.stream().<Future<?>>map(pool::submit).toList();
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a request failed unexpectedly: " + e.getCause(), e.getCause());
        }
        return work.size();
    }
}
