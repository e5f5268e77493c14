// qx_records_sql DATABASE SECRET_FILE SQL: runs one query on encrypted records, for the shell tests,
// printing each row's columns joined by '|' as the sqlite3 tool does (which cannot read them).
// Read-only: the records are never changed by a test's look.
#include "store/database.h"
#include "store/records_key.h"

#include <cstdio>
#include <exception>
#include <fstream>
#include <string>

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: qx_records_sql DATABASE SECRET_FILE SQL\n");
        return 2;
    }
    try {
        std::ifstream in(argv[2]);
        std::string secret;
        std::getline(in, secret);
        qx::store::UnwrapResult key = qx::store::unwrap_key_file(qx::store::key_file_path(argv[1]), secret);
        if (!key.key) {
            std::fprintf(stderr, "qx_records_sql: %s\n", key.detail.c_str());
            return 1;
        }
        qx::store::Database db(argv[1], qx::store::Database::Mode::read_only, key.key.get());
        qx::store::Statement s = db.prepare(argv[3]);
        while (s.step()) {
            std::string line;
            for (int c = 0; c < s.column_count(); ++c) line += (c ? "|" : "") + s.column_text(c);
            std::printf("%s\n", line.c_str());
        }
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "qx_records_sql: %s\n", e.what());
        return 1;
    }
}
