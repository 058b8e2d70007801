package dev.reprise.bench.load;

/**
 * One measured cell: a scenario at one concurrency in one round.
 *
 * @param gatewayCpuPerRequest CPU seconds per request of the gateway under test (NaN for direct)
 * @param upstreamCpuPerRequest CPU seconds per request of the fake upstream
 * @param loadGeneratorCpuPerRequest CPU seconds per request of wrk
 */
public record CellResult(String scenario, int concurrency, int round, double rps, double p50Ms, double p99Ms,
                         long requests, long errors, double gatewayCpuPerRequest, double upstreamCpuPerRequest,
                         double loadGeneratorCpuPerRequest) {
}
