package io.lambdakappa.cli;

/** Where {@code lk generate} and {@code lk import} write records. */
enum Destination {
  files,
  kafka,
  both;

  boolean toFiles() {
    return this != kafka;
  }

  boolean toKafka() {
    return this != files;
  }
}
