package io.lambdakappa.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@code --store} as an operator writes it: libpq's URL form, and clear refusals. */
class StoreLocationTest {

  @Test
  void aPostgresqlUrlBecomesTheJdbcUrlWithItsCredentialsAndSchema() {
    StoreLocation location =
        StoreLocation.parse("postgresql://lk:s%40cret@db.example:6543/views?schema=team_a");
    assertThat(location.isEmbedded()).isFalse();
    assertThat(location.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/views");
    assertThat(location.user()).isEqualTo("lk");
    assertThat(location.password()).isEqualTo("s@cret");
    assertThat(location.schema()).isEqualTo("team_a");
    assertThat(location.describe()).doesNotContain("cret");
  }

  @Test
  void theDefaultsArePort5432AndSchemaLk() {
    StoreLocation location = StoreLocation.parse("postgres://127.0.0.1/lk");
    assertThat(location.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/lk");
    assertThat(location.schema()).isEqualTo(StoreLocation.DEFAULT_SCHEMA);
    assertThat(location.user()).isNull();
    assertThat(location.inSchema("compare_20261129_071400").schema())
        .isEqualTo("compare_20261129_071400");
  }

  @Test
  void embeddedIsTheWorkspacesDuckDbFile() {
    assertThat(StoreLocation.parse("embedded").isEmbedded()).isTrue();
    assertThat(StoreLocation.embedded().inSchema("x")).isEqualTo(StoreLocation.embedded());
  }

  @Test
  void whatIsNotAStoreIsRefusedSayingWhatIsAccepted() {
    for (String bad :
        new String[] {
          "mysql://h/db",
          "postgresql:///db",
          "postgresql://h",
          "postgresql://h/db/x",
          "postgresql://h/db?sslmode=off",
          "lk.duckdb"
        }) {
      assertThatThrownBy(() -> StoreLocation.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(bad)
          .hasMessageContaining("postgresql://[USER[:PASSWORD]@]HOST[:PORT]/DATABASE");
    }
  }

  @Test
  void aSchemaIsAPlainSqlNameNeverSqlText() {
    // The schema is the one name the store writes into SQL text (CREATE SCHEMA cannot take a
    // parameter), so nothing but a plain identifier gets through.
    assertThatThrownBy(() -> StoreLocation.parse("postgresql://h/db?schema=x;DROP%20TABLE%20t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lower-case SQL name");
    assertThatThrownBy(() -> StoreLocation.parse("postgresql://h/db?schema=Mixed"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
