package io.s3posture.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Publisher;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.AcquireInitialTokenResponse;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;

/**
 * A small client for AWS's JSON protocols (JSON 1.1 and REST-JSON), for the services whose SDK
 * modules this build cannot use (AWS Config, GuardDuty, Macie; their artifacts are not served by
 * the registry the project builds from). It is built from the SDK's own parts: SigV4 signing
 * ({@link AwsV4HttpSigner}), the operator's shared HTTP client and credentials, the SDK's standard
 * retry strategy (throttling and 5xx back off), and the execution interceptors (call metrics see
 * service, operation and outcome as for SDK clients, modifyHttpRequest can change the HTTP request
 * before it is signed; SDK request and response objects are null, since there is no SDK model).
 * Failures are {@link AwsServiceException}s with AWS's error code and message, or {@link
 * SdkClientException}s, exactly what {@link AwsErrorClassifier} expects.
 */
public final class AwsJsonClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

  private final String serviceName;
  private final String signingName;
  private final String region;
  private final URI endpoint;
  private final SdkHttpClient http;
  private final AwsCredentialsProvider credentials;
  private final List<ExecutionInterceptor> interceptors;
  private final RetryStrategy retries;

  /**
   * @param serviceName the service's SDK name for metrics, e.g. GuardDuty
   * @param signingName the SigV4 signing name and endpoint prefix, e.g. guardduty
   * @param endpoint an endpoint override, or empty for the region's AWS endpoint
   */
  AwsJsonClient(
      String serviceName,
      String signingName,
      Region region,
      Optional<URI> endpoint,
      SdkHttpClient http,
      AwsCredentialsProvider credentials,
      List<ExecutionInterceptor> interceptors,
      int maxAttempts) {
    this.serviceName = Objects.requireNonNull(serviceName, "serviceName");
    this.signingName = Objects.requireNonNull(signingName, "signingName");
    this.region = region.id();
    this.endpoint = endpoint.orElseGet(() -> awsEndpoint(signingName, region));
    this.http = Objects.requireNonNull(http, "http");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.interceptors = List.copyOf(interceptors);
    this.retries =
        AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(maxAttempts).build();
  }

  /** https://{prefix}.{region}.{partition's DNS suffix}, e.g. guardduty.eu-west-1.amazonaws.com */
  static URI awsEndpoint(String prefix, Region region) {
    PartitionMetadata partition = PartitionMetadata.of(region);
    String suffix = partition != null ? partition.dnsSuffix() : "amazonaws.com";
    return URI.create("https://" + prefix + "." + region.id() + "." + suffix);
  }

  public URI endpoint() {
    return endpoint;
  }

  /** An AWS JSON 1.1 call: POST / with X-Amz-Target {@code targetPrefix.operation}. */
  JsonNode json11(String targetPrefix, String operation, JsonNode body) {
    return call(
        operation,
        SdkHttpMethod.POST,
        "/",
        Map.of(
            "Content-Type",
            "application/x-amz-json-1.1",
            "X-Amz-Target",
            targetPrefix + "." + operation),
        body.toString());
  }

  /** A REST-JSON GET of {@code path} (already URL-encoded). */
  JsonNode restGet(String operation, String path) {
    return rest(operation, SdkHttpMethod.GET, path, null);
  }

  /** A REST-JSON call of {@code path} (already URL-encoded), with a JSON body or none. */
  JsonNode rest(String operation, SdkHttpMethod method, String path, JsonNode body) {
    Map<String, String> headers =
        body == null
            ? Map.of("Accept", "application/json")
            : Map.of("Accept", "application/json", "Content-Type", "application/json");
    return call(operation, method, path, headers, body == null ? null : body.toString());
  }

  private JsonNode call(
      String operation,
      SdkHttpMethod method,
      String path,
      Map<String, String> headers,
      String body) {
    ExecutionAttributes attributes = new ExecutionAttributes();
    attributes.putAttribute(SdkExecutionAttribute.SERVICE_NAME, serviceName);
    attributes.putAttribute(SdkExecutionAttribute.OPERATION_NAME, operation);
    ModelessContext started = new ModelessContext(null);
    interceptors.forEach(interceptor -> interceptor.beforeExecution(started, attributes));
    try {
      JsonNode result = withRetries(() -> attempt(method, path, headers, body, attributes));
      interceptors.forEach(interceptor -> interceptor.afterExecution(started, attributes));
      return result;
    } catch (SdkException e) {
      ModelessFailure failed = new ModelessFailure(e);
      interceptors.forEach(interceptor -> interceptor.onExecutionFailure(failed, attributes));
      throw e;
    }
  }

  private interface Attempt {
    JsonNode run();
  }

  private JsonNode withRetries(Attempt attempt) {
    AcquireInitialTokenResponse initial =
        retries.acquireInitialToken(AcquireInitialTokenRequest.create(signingName));
    RetryToken token = initial.token();
    pause(initial.delay());
    while (true) {
      try {
        JsonNode result = attempt.run();
        retries.recordSuccess(RecordSuccessRequest.create(token));
        return result;
      } catch (SdkException failure) {
        RefreshRetryTokenResponse refreshed;
        try {
          refreshed =
              retries.refreshRetryToken(
                  RefreshRetryTokenRequest.builder().token(token).failure(failure).build());
        } catch (TokenAcquisitionFailedException exhausted) {
          throw failure;
        }
        token = refreshed.token();
        pause(refreshed.delay());
      }
    }
  }

  /** The retry strategy's backoff between attempts, as the SDK's own clients wait. */
  private static void pause(Duration delay) {
    if (delay.isZero() || delay.isNegative()) {
      return;
    }
    try {
      TimeUnit.MILLISECONDS.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SdkClientException.create("interrupted while backing off", e);
    }
  }

  private JsonNode attempt(
      SdkHttpMethod method,
      String path,
      Map<String, String> headers,
      String body,
      ExecutionAttributes attributes) {
    SdkHttpFullRequest.Builder request =
        SdkHttpFullRequest.builder()
            .method(method)
            .uri(endpoint)
            .encodedPath(path)
            .putHeader("Host", hostHeader())
            .putHeader("User-Agent", "s3-posture-operator");
    headers.forEach(request::putHeader);
    ContentStreamProvider payload = null;
    if (body != null) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      request.putHeader("Content-Length", Integer.toString(bytes.length));
      payload = ContentStreamProvider.fromByteArray(bytes);
    }
    SignedRequest signed = sign(modified(request.build(), attributes), payload);
    try {
      HttpExecuteResponse response =
          http.prepareRequest(
                  HttpExecuteRequest.builder()
                      .request(signed.request())
                      .contentStreamProvider(signed.payload().orElse(null))
                      .build())
              .call();
      String text = read(response.responseBody());
      int status = response.httpResponse().statusCode();
      if (status / 100 == 2) {
        return text.isBlank() ? JsonNodeFactory.instance.objectNode() : JSON.readTree(text);
      }
      throw serviceError(response.httpResponse(), text);
    } catch (IOException | UncheckedIOException e) {
      throw SdkClientException.create("Unable to execute HTTP request: " + e.getMessage(), e);
    }
  }

  /** The interceptors' modifyHttpRequest, before signing, as for SDK clients. */
  private SdkHttpFullRequest modified(SdkHttpFullRequest request, ExecutionAttributes attributes) {
    SdkHttpRequest current = request;
    for (ExecutionInterceptor interceptor : interceptors) {
      current = interceptor.modifyHttpRequest(new ModelessContext(current), attributes);
    }
    return current instanceof SdkHttpFullRequest full
        ? full
        : request.toBuilder()
            .method(current.method())
            .uri(current.getUri())
            .headers(current.headers())
            .build();
  }

  private String hostHeader() {
    int port = endpoint.getPort();
    boolean defaultPort =
        port == -1
            || ("https".equals(endpoint.getScheme()) && port == 443)
            || ("http".equals(endpoint.getScheme()) && port == 80);
    return defaultPort ? endpoint.getHost() : endpoint.getHost() + ":" + port;
  }

  private SignedRequest sign(SdkHttpFullRequest request, ContentStreamProvider payload) {
    AwsCredentialsIdentity identity;
    try {
      identity = credentials.resolveIdentity().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof SdkException sdk) {
        throw sdk;
      }
      throw SdkClientException.create("Unable to load credentials: " + e.getMessage(), e);
    }
    return SIGNER.sign(
        r ->
            r.identity(identity)
                .request(request)
                .payload(payload)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName));
  }

  private static String read(Optional<? extends InputStream> body) throws IOException {
    if (body.isEmpty()) {
      return "";
    }
    try (InputStream in = body.get()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * AWS's JSON error: the code from the x-amzn-ErrorType header or the body's {@code __type} /
   * {@code code} (without a {@code namespace#} prefix or a {@code :uri} suffix), the message from
   * {@code message} / {@code Message}.
   */
  private AwsServiceException serviceError(SdkHttpResponse response, String text) {
    JsonNode body = parse(text);
    String code =
        response
            .firstMatchingHeader("x-amzn-ErrorType")
            .or(() -> field(body, "__type"))
            .or(() -> field(body, "code"))
            .or(() -> field(body, "Code"))
            .map(AwsJsonClient::bareCode)
            .orElse(null);
    String message = field(body, "message").or(() -> field(body, "Message")).orElse(null);
    return (AwsServiceException)
        AwsServiceException.builder()
            .statusCode(response.statusCode())
            .requestId(response.firstMatchingHeader("x-amzn-RequestId").orElse(null))
            .message((code != null ? code : "HTTP " + response.statusCode()) + ": " + message)
            .awsErrorDetails(
                AwsErrorDetails.builder()
                    .errorCode(code)
                    .errorMessage(message)
                    .serviceName(serviceName)
                    .sdkHttpResponse(response)
                    .build())
            .build();
  }

  static String bareCode(String raw) {
    String code = raw;
    int colon = code.indexOf(':');
    if (colon >= 0) {
      code = code.substring(0, colon);
    }
    int hash = code.lastIndexOf('#');
    return hash >= 0 ? code.substring(hash + 1) : code;
  }

  private static JsonNode parse(String text) {
    try {
      return text.isBlank() ? JsonNodeFactory.instance.objectNode() : JSON.readTree(text);
    } catch (IOException e) {
      return JsonNodeFactory.instance.objectNode();
    }
  }

  private static Optional<String> field(JsonNode body, String name) {
    JsonNode value = body.get(name);
    return value != null && value.isTextual() && !value.asText().isBlank()
        ? Optional.of(value.asText())
        : Optional.empty();
  }

  /**
   * What the interceptors see of a call without an SDK model: the execution attributes, and the
   * HTTP request when there is one (modifyHttpRequest).
   */
  private static final class ModelessContext
      implements Context.BeforeExecution, Context.AfterExecution {

    private final SdkHttpRequest httpRequest;

    ModelessContext(SdkHttpRequest httpRequest) {
      this.httpRequest = httpRequest;
    }

    @Override
    public SdkRequest request() {
      return null;
    }

    @Override
    public SdkHttpRequest httpRequest() {
      return httpRequest;
    }

    @Override
    public Optional<RequestBody> requestBody() {
      return Optional.empty();
    }

    @Override
    public Optional<AsyncRequestBody> asyncRequestBody() {
      return Optional.empty();
    }

    @Override
    public SdkHttpResponse httpResponse() {
      return null;
    }

    @Override
    public Optional<Publisher<ByteBuffer>> responsePublisher() {
      return Optional.empty();
    }

    @Override
    public Optional<InputStream> responseBody() {
      return Optional.empty();
    }

    @Override
    public SdkResponse response() {
      return null;
    }
  }

  /** A failed call without an SDK model: the attributes and the exception. */
  private record ModelessFailure(Throwable exception) implements Context.FailedExecution {

    @Override
    public SdkRequest request() {
      return null;
    }

    @Override
    public Optional<SdkHttpRequest> httpRequest() {
      return Optional.empty();
    }

    @Override
    public Optional<SdkHttpResponse> httpResponse() {
      return Optional.empty();
    }

    @Override
    public Optional<SdkResponse> response() {
      return Optional.empty();
    }
  }
}
