package dev.hoard.api;

/** A client error: answered with {@code status} and a JSON body naming the offending parameter. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String parameter;

    public ApiException(int status, String parameter, String message) {
        super(message);
        this.status = status;
        this.parameter = parameter;
    }

    public static ApiException badParameter(String parameter, String message) {
        return new ApiException(400, parameter, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, null, message);
    }

    public int status() {
        return status;
    }

    public String parameter() {
        return parameter;
    }
}
