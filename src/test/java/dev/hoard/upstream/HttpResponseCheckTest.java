package dev.hoard.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class HttpResponseCheckTest {

    private static final String KEY = "k3y/with+chars";

    private static Exchange answer(int status, String body) {
        CamelContext context = new DefaultCamelContext();
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setHeader(Exchange.HTTP_URI, "https://pro-api.example/" + KEY + "/api/protocol/aave");
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, "APIKey=k3y%2Fwith%2Bchars");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setBody(body);
        return exchange;
    }

    @Test
    void aFailureNamesTheStatusButNeverTheKeyAndTheRequestHeadersAreGone() {
        Exchange exchange = answer(401, "bad key " + KEY);

        assertThatThrownBy(() -> new HttpResponseCheck(KEY).check(exchange))
                .isInstanceOfSatisfying(HttpOperationFailedException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(401);
                    assertThat(e.getMessage()).contains("/***/api/protocol/aave").doesNotContain(KEY).doesNotContain("k3y%2F");
                    assertThat(e.getUri()).doesNotContain(KEY).doesNotContain("k3y%2F");
                    assertThat(e.getResponseBody()).isEqualTo("bad key ***");
                });
        assertThat(exchange.getMessage().getHeaders()).doesNotContainKeys(Exchange.HTTP_URI, Exchange.HTTP_QUERY);
    }

    @Test
    void aSuccessPassesItsBodyOn() throws Exception {
        Exchange exchange = answer(200, "[1]");
        new HttpResponseCheck("").check(exchange);
        assertThat(exchange.getMessage().getBody(String.class)).isEqualTo("[1]");
    }
}
