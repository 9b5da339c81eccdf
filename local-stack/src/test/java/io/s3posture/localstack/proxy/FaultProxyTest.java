package io.s3posture.localstack.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

/** The proxy on real sockets in front of a fake moto: forwarding, counting and each fault. */
class FaultProxyTest {

  private static final String AUTH =
      "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/s3/aws4_request, "
          + "SignedHeaders=host;x-amz-date, Signature=abc";

  private final HttpClient http = HttpClient.newHttpClient();
  private FakeMoto moto;
  private FaultProxy proxy;

  @BeforeEach
  void start() {
    moto = new FakeMoto();
    proxy = FaultProxy.start(moto.endpoint());
  }

  @AfterEach
  void stop() {
    proxy.close();
    moto.close();
  }

  @Test
  void forwardsRequestsUnchangedAndMotosAnswerBack() throws Exception {
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[]}";
    try (Socket socket = connect()) {
      send(
          socket,
          "PUT /payments?policy HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
              + AUTH
              + "\r\nx-amz-date: 20260101T000000Z\r\nContent-MD5: abc==\r\nContent-Length: "
              + policy.length()
              + "\r\n\r\n"
              + policy);
      ProxyResponse answer = read(socket, false);
      assertThat(answer.status()).isEqualTo(200);
    }

    FakeMoto.Seen seen = moto.seen().get(0);
    assertThat(seen.method()).isEqualTo("PUT");
    assertThat(seen.target()).isEqualTo("/payments?policy");
    assertThat(seen.header("Authorization")).contains(AUTH);
    assertThat(seen.header("x-amz-date")).contains("20260101T000000Z");
    assertThat(seen.header("Content-MD5")).contains("abc==");
    assertThat(new String(seen.body(), StandardCharsets.UTF_8)).isEqualTo(policy);
    assertThat(get("/payments?versioning").body()).isEqualTo(FakeMoto.VERSIONING);
  }

  @Test
  void countsEachRequestByOperationAndBucketOnKeptAliveConnections() throws Exception {
    try (Socket socket = connect()) {
      for (String target : new String[] {"/a?versioning", "/a?versioning", "/b?policy", "/"}) {
        send(
            socket,
            "GET " + target + " HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH + "\r\n\r\n");
        assertThat(read(socket, false).status()).isEqualTo(200);
      }
      send(socket, "HEAD /a HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(read(socket, true).status()).isEqualTo(200);
    }

    RequestCounts counts = proxy.counts();
    assertThat(counts.operations())
        .containsEntry("s3:GetBucketVersioning", 2L)
        .containsEntry("s3:GetBucketPolicy", 1L)
        .containsEntry("s3:ListBuckets", 1L)
        .containsEntry("s3:HeadBucket", 1L);
    assertThat(counts.of("GetBucketVersioning", "a")).isEqualTo(2);
    assertThat(counts.of("Get*")).isEqualTo(3);
    assertThat(counts.total()).isEqualTo(5);
    proxy.resetCounts();
    assertThat(proxy.counts().total()).isZero();
  }

  @Test
  void chunkedBodiesAndExpectContinueAreHandled() throws Exception {
    try (Socket socket = connect()) {
      send(
          socket,
          "PUT /a/key.txt HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
              + "Transfer-Encoding: chunked\r\n\r\n");
      InputStream in = new BufferedInputStream(socket.getInputStream());
      assertThat(HttpWire.readLine(in)).isEqualTo("HTTP/1.1 100 Continue");
      assertThat(HttpWire.readLine(in)).isEmpty();
      send(socket, "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
      assertThat(HttpWire.readResponse(in, false).status()).isEqualTo(200);
    }

    FakeMoto.Seen seen = moto.seen().get(0);
    assertThat(new String(seen.body(), StandardCharsets.UTF_8)).isEqualTo("hello world");
    assertThat(seen.header("Expect")).isEmpty();
    assertThat(proxy.counts().of("s3:PutObject", "a")).isEqualTo(1);
  }

  @Test
  void slowDownIsS3sOwn503() throws Exception {
    proxy.addRule(FaultRule.slowDown());

    HttpResponse<String> answer = get("/payments?versioning");

    assertThat(answer.statusCode()).isEqualTo(503);
    Document error = xml(answer.body());
    assertThat(error.getDocumentElement().getTagName()).isEqualTo("Error");
    assertThat(text(error, "Code")).isEqualTo("SlowDown");
    assertThat(text(error, "Message")).isEqualTo("Please reduce your request rate.");
    assertThat(text(error, "RequestId"))
        .matches("[0-9A-F]{16}")
        .isEqualTo(answer.headers().firstValue("x-amz-request-id").orElseThrow());
    assertThat(text(error, "HostId"))
        .isEqualTo(answer.headers().firstValue("x-amz-id-2").orElseThrow());
    assertThat(answer.headers().firstValue("Content-Type")).contains("application/xml");
    assertThat(moto.seen()).as("a faulted request never reaches moto").isEmpty();
    assertThat(proxy.counts().faulted("GetBucketVersioning", Fault.SLOW_DOWN)).isEqualTo(1);
  }

  @Test
  void internalErrorAndServiceUnavailable() throws Exception {
    proxy.addRule(FaultRule.internalError().onOperation("GetBucketVersioning"));
    proxy.addRule(FaultRule.of(Fault.SERVICE_UNAVAILABLE).onOperation("GetBucketPolicy"));

    HttpResponse<String> internal = get("/a?versioning");
    HttpResponse<String> unavailable = get("/a?policy");

    assertThat(internal.statusCode()).isEqualTo(500);
    assertThat(text(xml(internal.body()), "Code")).isEqualTo("InternalError");
    assertThat(text(xml(internal.body()), "Message"))
        .isEqualTo("We encountered an internal error. Please try again.");
    assertThat(unavailable.statusCode()).isEqualTo(503);
    assertThat(text(xml(unavailable.body()), "Code")).isEqualTo("ServiceUnavailable");
  }

  @Test
  void accessDeniedOnWritesOnly() throws Exception {
    proxy.addRule(FaultRule.accessDenied().onWrites());

    HttpResponse<String> read = get("/a?versioning");
    HttpResponse<String> write =
        http.send(
            request("/a?versioning").PUT(HttpRequest.BodyPublishers.ofString("<x/>")).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(write.statusCode()).isEqualTo(403);
    assertThat(text(xml(write.body()), "Code")).isEqualTo("AccessDenied");
    assertThat(text(xml(write.body()), "Message")).isEqualTo("Access Denied");
  }

  @Test
  void errorsTakeEachProtocolsShape() throws Exception {
    proxy.addRule(FaultRule.slowDown());

    HttpResponse<String> control =
        http.send(
            request("/v20180820/configuration/publicAccessBlock")
                .header("x-amz-account-id", "123456789012")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> sts =
        http.send(
            HttpRequest.newBuilder(URI.create(proxy.endpoint() + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "Action=GetCallerIdentity&Version=2011-06-15"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> sqs =
        http.send(
            request("/")
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "AmazonSQS.ReceiveMessage")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(control.statusCode()).isEqualTo(503);
    assertThat(xml(control.body()).getDocumentElement().getTagName()).isEqualTo("ErrorResponse");
    assertThat(text(xml(control.body()), "Code")).isEqualTo("SlowDown");
    assertThat(sts.statusCode()).isEqualTo(400);
    assertThat(xml(sts.body()).getDocumentElement().getNamespaceURI())
        .isEqualTo("https://sts.amazonaws.com/doc/2011-06-15/");
    assertThat(text(xml(sts.body()), "Code")).isEqualTo("Throttling");
    assertThat(text(xml(sts.body()), "Type")).isEqualTo("Sender");
    assertThat(sqs.statusCode()).isEqualTo(400);
    assertThat(sqs.body())
        .isEqualTo("{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}");
    assertThat(sqs.headers().firstValue("Content-Type")).contains("application/x-amz-json-1.0");
  }

  @Test
  void resetClosesTheConnectionWithoutForwarding() throws Exception {
    proxy.addRule(FaultRule.reset().onOperation("GetBucketVersioning"));

    try (Socket socket = connect()) {
      send(socket, "GET /a?versioning HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThatThrownBy(() -> read(socket, false))
          .isInstanceOf(SocketException.class)
          .hasMessageContaining("reset");
    }
    assertThat(moto.seen()).isEmpty();
    assertThat(proxy.counts().faulted("GetBucketVersioning", Fault.RESET)).isEqualTo(1);
  }

  @Test
  void resetAfterForwardLetsTheWriteHappen() {
    proxy.addRule(FaultRule.of(Fault.RESET_AFTER_FORWARD).onWrites());

    assertThatThrownBy(
            () ->
                http.send(
                    request("/a?versioning")
                        .PUT(HttpRequest.BodyPublishers.ofString("<x/>"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
    assertThat(moto.seen()).singleElement().satisfies(r -> assertThat(r.method()).isEqualTo("PUT"));
  }

  @Test
  void latencyBeyondTheClientsTimeoutTimesItOut() {
    proxy.addRule(FaultRule.latency(Duration.ofSeconds(5)).onOperation("GetBucketVersioning"));

    assertThatThrownBy(
            () ->
                http.send(
                    request("/a?versioning").timeout(Duration.ofMillis(300)).build(),
                    HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(HttpTimeoutException.class);
    assertThat(proxy.counts().of("GetBucketVersioning")).isEqualTo(1);
  }

  @Test
  void truncatedBodyIsTheFirstHalfWithAMatchingLength() throws Exception {
    proxy.addRule(FaultRule.truncatedBody());

    HttpResponse<String> answer = get("/a?versioning");

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body())
        .isEqualTo(FakeMoto.VERSIONING.substring(0, FakeMoto.VERSIONING.length() / 2));
    assertThat(answer.headers().firstValue("Content-Length"))
        .contains(Integer.toString(answer.body().length()));
    assertThatThrownBy(() -> xml(answer.body())).isInstanceOf(SAXException.class);
  }

  @Test
  void malformedBodyIsUnparseableXml() throws Exception {
    proxy.addRule(FaultRule.malformedBody());

    HttpResponse<String> answer = get("/a?versioning");

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).startsWith("<?xml").contains("<Status>Enabled</Status>");
    assertThatThrownBy(() -> xml(answer.body()))
        .isInstanceOf(SAXException.class)
        .hasMessageContaining("VersioningConfiguration");
  }

  @Test
  void anUpstreamThatIsDownIsABadGateway() throws Exception {
    moto.close();

    assertThat(get("/a?versioning").statusCode()).isEqualTo(502);
  }

  private Socket connect() throws IOException {
    return new Socket(proxy.endpoint().getHost(), proxy.endpoint().getPort());
  }

  private static void send(Socket socket, String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static ProxyResponse read(Socket socket, boolean head) throws IOException {
    // a fresh buffer per response is safe: the next request is sent only after this answer
    return HttpWire.readResponse(new BufferedInputStream(socket.getInputStream()), head);
  }

  private HttpRequest.Builder request(String target) {
    return HttpRequest.newBuilder(URI.create(proxy.endpoint() + target))
        .header("Authorization", AUTH);
  }

  private HttpResponse<String> get(String target) throws IOException, InterruptedException {
    return http.send(request(target).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  static Document xml(String text) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    return factory
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  static String text(Document document, String tag) {
    return document.getElementsByTagName(tag).item(0).getTextContent();
  }
}
