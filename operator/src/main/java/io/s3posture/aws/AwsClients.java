package io.s3posture.aws;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3control.S3ControlClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The SDK clients for one {@link AwsTarget}, each built when it is first used: a bucket check needs
 * only S3, and building a client is a good part of the operator's start-up (class loading, endpoint
 * rules), so S3 Control, STS, CloudTrail and the JSON clients cost nothing until an account check
 * or a change event asks for them.
 */
public final class AwsClients implements AutoCloseable {

  private final AwsTarget target;
  private final Lazy<S3Client> s3;
  private final Lazy<S3ControlClient> s3Control;
  private final Lazy<StsClient> sts;
  private final Lazy<CloudTrailClient> cloudTrail;
  private final Lazy<AwsJsonClient> config;
  private final Lazy<AwsJsonClient> guardDuty;
  private final Lazy<AwsJsonClient> macie;
  private final Lazy<AwsJsonClient> organizations;

  /**
   * @param config AWS Config (JSON 1.1), through {@link AwsJsonClient}
   * @param guardDuty GuardDuty (REST-JSON), through {@link AwsJsonClient}
   * @param macie Macie (REST-JSON, signing name macie2), through {@link AwsJsonClient}
   * @param organizations AWS Organizations (JSON 1.1) in its partition's home region
   */
  AwsClients(
      AwsTarget target,
      Supplier<S3Client> s3,
      Supplier<S3ControlClient> s3Control,
      Supplier<StsClient> sts,
      Supplier<CloudTrailClient> cloudTrail,
      Supplier<AwsJsonClient> config,
      Supplier<AwsJsonClient> guardDuty,
      Supplier<AwsJsonClient> macie,
      Supplier<AwsJsonClient> organizations) {
    this.target = Objects.requireNonNull(target, "target");
    this.s3 = new Lazy<>(s3);
    this.s3Control = new Lazy<>(s3Control);
    this.sts = new Lazy<>(sts);
    this.cloudTrail = new Lazy<>(cloudTrail);
    this.config = new Lazy<>(config);
    this.guardDuty = new Lazy<>(guardDuty);
    this.macie = new Lazy<>(macie);
    this.organizations = new Lazy<>(organizations);
  }

  public AwsTarget target() {
    return target;
  }

  public S3Client s3() {
    return s3.get();
  }

  public S3ControlClient s3Control() {
    return s3Control.get();
  }

  public StsClient sts() {
    return sts.get();
  }

  public CloudTrailClient cloudTrail() {
    return cloudTrail.get();
  }

  public AwsJsonClient config() {
    return config.get();
  }

  public AwsJsonClient guardDuty() {
    return guardDuty.get();
  }

  public AwsJsonClient macie() {
    return macie.get();
  }

  public AwsJsonClient organizations() {
    return organizations.get();
  }

  /** The account the target's credentials belong to (STS GetCallerIdentity). */
  public String callerAccountId() {
    try {
      return sts().getCallerIdentity().account();
    } catch (RuntimeException e) {
      throw AwsErrorClassifier.classify("GetCallerIdentity", e);
    }
  }

  /**
   * The ARN the target's credentials act as (STS GetCallerIdentity): what CloudTrail records as
   * {@code userIdentity.arn} for the operator's own calls, to recognise them in change events.
   */
  public String callerArn() {
    try {
      return sts().getCallerIdentity().arn();
    } catch (RuntimeException e) {
      throw AwsErrorClassifier.classify("GetCallerIdentity", e);
    }
  }

  /** Closes the clients that were built. */
  @Override
  public void close() {
    s3.ifBuilt(S3Client::close);
    s3Control.ifBuilt(S3ControlClient::close);
    sts.ifBuilt(StsClient::close);
    cloudTrail.ifBuilt(CloudTrailClient::close);
  }

  /** A client built once, on first use. */
  private static final class Lazy<T> {
    private final Supplier<T> build;
    private volatile T value;

    Lazy(Supplier<T> build) {
      this.build = Objects.requireNonNull(build, "build");
    }

    T get() {
      T known = value;
      if (known == null) {
        synchronized (this) {
          known = value;
          if (known == null) {
            known = build.get();
            value = known;
          }
        }
      }
      return known;
    }

    synchronized void ifBuilt(Consumer<T> action) {
      if (value != null) {
        action.accept(value);
      }
    }
  }
}
