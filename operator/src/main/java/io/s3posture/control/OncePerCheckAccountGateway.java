package io.s3posture.control;

import io.s3posture.aws.AccountGateway;
import io.s3posture.aws.PublicAccessBlock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One account check's view of S3 Control: each setting read once, a write forgets it. */
final class OncePerCheckAccountGateway implements AccountGateway {

  private final AccountGateway s3Control;
  private final Map<String, PublicAccessBlock> reads = new ConcurrentHashMap<>();

  OncePerCheckAccountGateway(AccountGateway s3Control) {
    this.s3Control = s3Control;
  }

  void forgetReads() {
    reads.clear();
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
  public void putPublicAccessBlock(String accountId, PublicAccessBlock block) {
    try {
      s3Control.putPublicAccessBlock(accountId, block);
    } finally {
      reads.clear();
    }
  }
}
