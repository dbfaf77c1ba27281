package dev.hoard.pipeline;

import org.apache.camel.Exchange;

/** A source's request builder: which catalog entries it can pull, and the HTTP request of a unit. */
public interface MetricRequestBuilder {

    /** Rejects a catalog entry the source cannot pull, naming why. */
    void check(CatalogEntry entry);

    /**
     * Sets the request headers of {@code unit} ({@code CamelHttpUri}, {@code CamelHttpQuery}). A key,
     * if any, goes only there, and {@link dev.hoard.upstream.HttpResponseCheck} removes them again.
     */
    void prepare(Exchange exchange, PullUnit unit);
}
