package io.s3posture.control;

import io.s3posture.aws.AccessPoint;
import io.s3posture.aws.AccountGateway;
import io.s3posture.aws.PublicAccessBlock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One account check's view of S3 Control: each setting read once, a write forgets it. */
final class OncePerCheckAccountGateway implements AccountGateway {

  private final AccountGateway s3Control;
  private final Map<String, PublicAccessBlock> reads = new ConcurrentHashMap<>();
  private final Map<String, List<AccessPoint>> accessPoints = new ConcurrentHashMap<>();

  OncePerCheckAccountGateway(AccountGateway s3Control) {
    this.s3Control = s3Control;
  }

  void forgetReads() {
    reads.clear();
    accessPoints.clear();
  }

  @Override
  public PublicAccessBlock publicAccessBlock(String accountId) {
    PublicAccessBlock known = reads.get(accountId);
    if (known != null) {
      return known;
    }
    PublicAccessBlock read = s3Control.publicAccessBlock(accountId);
    reads.put(accountId, read);
    return read;
  }

  @Override
  public List<AccessPoint> accessPoints(String accountId) {
    return accessPoints.computeIfAbsent(accountId, s3Control::accessPoints);
  }

  @Override
  public void putPublicAccessBlock(String accountId, PublicAccessBlock block) {
    try {
      s3Control.putPublicAccessBlock(accountId, block);
    } finally {
      reads.clear();
    }
  }
}
