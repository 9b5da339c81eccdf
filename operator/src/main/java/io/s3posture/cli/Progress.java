package io.s3posture.cli;

/** Tells a person how far a long run is. Called from the checking threads. */
public interface Progress {

  Progress NONE =
      new Progress() {
        @Override
        public void started(int buckets) {}

        @Override
        public void bucketChecked() {}

        @Override
        public void finished() {}
      };

  void started(int buckets);

  void bucketChecked();

  void finished();
}
