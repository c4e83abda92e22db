package io.lambdakappa.serving;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/** A reading thread's statements, each prepared once on its own connection. */
@FunctionalInterface
interface SqlReader {

  PreparedStatement prepared(String sql) throws SQLException;
}
