package dev.hoard.sim;

/** A complete HTTP answer produced by a simulator module. */
record SimResponse(int status, String contentType, String body) {

    static final String JSON = "application/json";
    static final String TEXT = "text/plain; charset=utf-8";

    static SimResponse json(int status, String body) {
        return new SimResponse(status, JSON, body);
    }

    static SimResponse text(int status, String body) {
        return new SimResponse(status, TEXT, body);
    }
}
