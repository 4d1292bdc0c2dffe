// What the commands of the jobmatch binary share (cli/main.cc) and the
// commands kept apart from serving (cli/maintenance.cc, cli/accounts.cc). Each
// command returns the process's exit status: 0 done, 1 failed, 2 bad usage.
#pragma once

#include <string>

#include "cli/args.h"
#include "service/app.h"

namespace jobmatch {

extern const char kUsage[];

// The store, index definition, regions and keys the options and environment name.
AppConfig ConfigFrom(const Args& a);
// Prints the error; returns 1.
int Fail(const Error& e);
// Prints what is wrong with the command line, then the usage; returns 2.
int Usage(const std::string& problem);

int Reindex(const Args& a);
int Backup(const Args& a);
int Restore(const Args& a);
int Prune(const Args& a);
int Keys(const Args& a);
// serve: the first admin account from JOBMATCH_ADMIN_PASSWORD (cli/accounts.cc).
Result<void> BootstrapAdmin(App& app);
int Users(const Args& a);

}  // namespace jobmatch
