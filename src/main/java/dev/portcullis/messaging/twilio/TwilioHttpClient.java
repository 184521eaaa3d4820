package dev.portcullis.messaging.twilio;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.time.Duration;

import com.twilio.exception.ApiException;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.config.SocketConfig;
import org.apache.http.impl.client.HttpClientBuilder;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;

/**
 * The Twilio SDK's HTTP client, changed in three ways:
 * <ol>
 * <li>One attempt per request. The SDK's {@code HttpClient.reliableRequest} sends a request up
 * to three times while Twilio answers 5xx, 100 ms apart: a second text message or call whenever
 * Twilio acted on the first but failed to answer. Apache HttpClient's own retries are off too.</li>
 * <li>Connect, read and connection-pool timeouts of {@code portcullis.messaging.timeout}
 * (the SDK's defaults are 10 s and 30.5 s). The read timeout bounds each wait for data, not the
 * whole exchange.</li>
 * <li>With a base URL, every request goes there instead of {@code api.twilio.com}: the SDK has
 * no such setting, so the scheme, host and port are replaced after the SDK has built the URL,
 * keeping its path and query.</li>
 * </ol>
 */
final class TwilioHttpClient extends NetworkHttpClient implements AutoCloseable {

    private final URI baseUrl;

    private final PoolingHttpClientConnectionManager connections;

    // The SDK drops the status when an answer's body is not JSON (an HTML 502 from a proxy);
    // keeping it per thread lets the gateway still tell "refused" from "unavailable".
    private final ThreadLocal<Integer> lastStatus = new ThreadLocal<>();

    private TwilioHttpClient(HttpClientBuilder builder, PoolingHttpClientConnectionManager connections, URI baseUrl) {
        super(builder);
        this.connections = connections;
        this.baseUrl = baseUrl;
    }

    /**
     * @param baseUrl where to send requests instead of Twilio (a stub), or {@code null}
     */
    static TwilioHttpClient create(Duration timeout, String baseUrl) {
        int millis = Math.toIntExact(timeout.toMillis());
        PoolingHttpClientConnectionManager connections = new PoolingHttpClientConnectionManager();
        connections.setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(millis).build());
        connections.setDefaultMaxPerRoute(10);
        connections.setMaxTotal(20);
        HttpClientBuilder builder = HttpClientBuilder.create()
                .useSystemProperties() // as the SDK does: honours https.proxyHost and the like
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectTimeout(millis)
                        .setSocketTimeout(millis)
                        .setConnectionRequestTimeout(millis)
                        .build())
                .disableAutomaticRetries();
        return new TwilioHttpClient(builder, connections, baseUrl == null ? null : URI.create(baseUrl));
    }

    @Override
    public Response reliableRequest(Request request) {
        return makeRequest(request);
    }

    @Override
    public Response reliableRequest(Request request, int[] retryCodes, int retries, long delayMillis) {
        return makeRequest(request);
    }

    @Override
    public Response makeRequest(Request request) {
        lastStatus.remove();
        Response response = super.makeRequest(baseUrl == null ? request : onBaseUrl(request));
        if (response != null) {
            lastStatus.set(response.getStatusCode());
        }
        return response;
    }

    /** The HTTP status of this thread's last answer, or {@code null} when none came. */
    Integer lastStatus() {
        return lastStatus.get();
    }

    @Override
    public void close() {
        connections.shutdown();
    }

    private Request onBaseUrl(Request original) {
        Request copy = new Request(original.getMethod(), original.getUrl()) {
            @Override
            public URL constructURL() {
                return onBaseUrl(super.constructURL());
            }
        };
        if (original.getAuthStrategy() != null) {
            copy.setAuth(original.getAuthStrategy());
        } else if (original.getUsername() != null) {
            copy.setAuth(original.getUsername(), original.getPassword());
        }
        original.getQueryParams().forEach((name, values) -> values.forEach(value -> copy.addQueryParam(name, value)));
        original.getPostParams().forEach((name, values) -> values.forEach(value -> copy.addPostParam(name, value)));
        original.getHeaderParams().forEach((name, values) -> values.forEach(value -> copy.addHeaderParam(name, value)));
        copy.setContentType(original.getContentType());
        copy.setBody(original.getBody());
        if (original.getUserAgentExtensions() != null) {
            copy.setUserAgentExtensions(original.getUserAgentExtensions());
        }
        return copy;
    }

    private URL onBaseUrl(URL twilioUrl) {
        try {
            URI uri = twilioUrl.toURI();
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            return new URI(baseUrl + uri.getRawPath() + query).toURL();
        } catch (URISyntaxException | MalformedURLException e) {
            throw new ApiException("Cannot send " + twilioUrl.getPath() + " to " + baseUrl, e);
        }
    }
}
