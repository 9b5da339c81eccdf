package io.s3posture.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.testing.StubHttpServer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Access points through the real S3 Control client against AWS's XML, for what moto does not show:
 * moto answers ListAccessPoints with the access points of every region (AWS lists the client's
 * region's), has no access points of other data sources (FSx, listed without a bucket), never
 * answers a multi-region access point policy with a proposed policy, and does not care which region
 * multi-region access point calls are signed for (AWS serves them in us-west-2 only).
 */
class SdkAccessPointsTest {

  private static final String NS = "http://awss3control.amazonaws.com/doc/2018-08-20/";
  private static final String ACCOUNT = "111122223333";
  private static final String LIST = "/v20180820/accesspoint";
  private static final String PUBLIC_POLICY =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
          + "\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";

  @RegisterExtension static final StubS3Server stub = new StubS3Server();

  @BeforeEach
  void forgetThePreviousAnswers() {
    stub.answer(200, "");
  }

  private static String listed(String name, String bucket) {
    return "<AccessPoint><Name>"
        + name
        + "</Name><NetworkOrigin>Internet</NetworkOrigin>"
        + (bucket == null
            ? "<DataSourceId>fs-0123</DataSourceId><DataSourceType>FSX_OPENZFS</DataSourceType>"
            : "<Bucket>" + bucket + "</Bucket>")
        + "<AccessPointArn>arn:aws:s3:us-east-1:"
        + ACCOUNT
        + ":accesspoint/"
        + name
        + "</AccessPointArn></AccessPoint>";
  }

  private static String page(String token, String... points) {
    return "<ListAccessPointsResult xmlns=\""
        + NS
        + "\"><AccessPointList>"
        + String.join("", points)
        + "</AccessPointList>"
        + (token == null ? "" : "<NextToken>" + token + "</NextToken>")
        + "</ListAccessPointsResult>";
  }

  private static String accessPoint(String name, String origin, boolean flags) {
    String flag = Boolean.toString(flags);
    return "<GetAccessPointResult xmlns=\""
        + NS
        + "\"><Name>"
        + name
        + "</Name><Bucket>b</Bucket><NetworkOrigin>"
        + origin
        + "</NetworkOrigin>"
        + (origin.equals("VPC") ? "<VpcConfiguration><VpcId>vpc-1</VpcId></VpcConfiguration>" : "")
        + "<PublicAccessBlockConfiguration><BlockPublicAcls>true</BlockPublicAcls>"
        + "<IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>"
        + flag
        + "</BlockPublicPolicy><RestrictPublicBuckets>"
        + flag
        + "</RestrictPublicBuckets></PublicAccessBlockConfiguration>"
        + "<CreationDate>2026-01-01T00:00:00Z</CreationDate></GetAccessPointResult>";
  }

  private static String noPolicy(String name) {
    return "<ErrorResponse><Error><Code>NoSuchAccessPointPolicy</Code><Message>The specified"
        + " accesspoint policy does not exist</Message><AccessPointName>"
        + name
        + "</AccessPointName></Error><RequestId>1</RequestId></ErrorResponse>";
  }

  private static String policy(String json) {
    return "<GetAccessPointPolicyResult xmlns=\""
        + NS
        + "\"><Policy>"
        + json.replace("\"", "&quot;")
        + "</Policy></GetAccessPointPolicyResult>";
  }

  @Test
  void aBucketsAccessPointsArePagedAndEachIsReadWithItsFlagsAndPolicy() {
    stub.answerPath(
        "GET", LIST, 200, page("page-2", listed("reports", "b")), page(null, listed("open", "b")));
    stub.answerPath("GET", LIST + "/reports", 200, accessPoint("reports", "VPC", true));
    stub.answerPath("GET", LIST + "/reports/policy", 404, noPolicy("reports"));
    stub.answerPath("GET", LIST + "/open", 200, accessPoint("open", "Internet", false));
    stub.answerPath("GET", LIST + "/open/policy", 200, policy(PUBLIC_POLICY));

    List<AccessPoint> points =
        stub.gatewayWithControl(Optional.of(ACCOUNT)).accessPoints(ACCOUNT, "b");

    assertThat(points)
        .containsExactly(
            AccessPoint.regional("reports", "b", "VPC", PublicAccessBlock.ALL, Optional.empty()),
            AccessPoint.regional(
                "open",
                "b",
                "Internet",
                new PublicAccessBlock(true, true, false, false),
                Optional.of(PUBLIC_POLICY)));
    List<StubHttpServer.Request> listings =
        stub.requests().stream().filter(r -> r.path().equals(LIST)).toList();
    assertThat(listings).hasSize(2);
    assertThat(listings.get(0).query()).contains("bucket=b").contains("maxResults=1000");
    assertThat(listings.get(1).query()).contains("nextToken=page-2");
    assertThat(listings)
        .allSatisfy(r -> assertThat(r.header("x-amz-account-id")).contains(ACCOUNT));
  }

  @Test
  void accessPointsOfOtherDataSourcesHaveNoBucketAndAreNotRead() {
    stub.answerPath("GET", LIST, 200, page(null, listed("fsx", null)));

    assertThat(stub.accountGateway().accessPoints(ACCOUNT)).isEmpty();
    assertThat(stub.requests())
        .extracting(StubHttpServer.Request::path)
        .doesNotContain(LIST + "/fsx", LIST + "/fsx/policy");
  }

  @Test
  void multiRegionAccessPointsAreReadInUsWest2WithTheirEstablishedAndProposedPolicies() {
    stub.answerPath("GET", LIST, 200, page(null));
    stub.answerPath(
        "GET",
        "/v20180820/mrap/instances",
        200,
        "<ListMultiRegionAccessPointsResult xmlns=\""
            + NS
            + "\"><AccessPoints><AccessPoint><Name>global</Name><Alias>global.mrap</Alias>"
            + "<CreatedAt>2026-01-01T00:00:00Z</CreatedAt><PublicAccessBlock>"
            + "<BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls>"
            + "<BlockPublicPolicy>true</BlockPublicPolicy>"
            + "<RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlock>"
            + "<Status>READY</Status><Regions><Region><Bucket>b-us</Bucket>"
            + "<Region>us-east-1</Region></Region><Region><Bucket>b-eu</Bucket>"
            + "<Region>eu-west-1</Region></Region></Regions></AccessPoint></AccessPoints>"
            + "</ListMultiRegionAccessPointsResult>");
    String established = "{\"Version\":\"2012-10-17\",\"Statement\":[]}";
    stub.answerPath(
        "GET",
        "/v20180820/mrap/instances/global/policy",
        200,
        "<GetMultiRegionAccessPointPolicyResult xmlns=\""
            + NS
            + "\"><Policy><Established><Policy>"
            + established.replace("\"", "&quot;")
            + "</Policy></Established><Proposed><Policy>"
            + PUBLIC_POLICY.replace("\"", "&quot;")
            + "</Policy></Proposed></Policy></GetMultiRegionAccessPointPolicyResult>");

    List<AccessPoint> points = stub.accountGateway().accessPoints(ACCOUNT);

    assertThat(points)
        .containsExactly(
            new AccessPoint(
                "global",
                List.of("b-us", "b-eu"),
                true,
                Optional.empty(),
                PublicAccessBlock.ALL,
                List.of(established, PUBLIC_POLICY)));
    assertThat(stub.requests())
        .filteredOn(r -> r.path().startsWith("/v20180820/mrap/"))
        .isNotEmpty()
        .allSatisfy(
            r ->
                assertThat(r.header("authorization").orElseThrow())
                    .contains("/us-west-2/s3/aws4_request"));
    assertThat(stub.requests())
        .filteredOn(r -> r.path().equals(LIST))
        .allSatisfy(
            r ->
                assertThat(r.header("authorization").orElseThrow())
                    .contains("/us-east-1/s3/aws4_request"));
  }
}
