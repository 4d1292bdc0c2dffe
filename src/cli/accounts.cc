// jobmatch keys and jobmatch users: API keys for programs, accounts for people.
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "cli/commands.h"
#include "service/accounts.h"

namespace jobmatch {

namespace {

Result<std::unique_ptr<App>> OpenStore(const Args& a, const Clock& clock) {
  AppConfig config = ConfigFrom(a);
  config.open_index = false;
  return App::Open(config, clock);
}

// A password from `env` when set, else a line of stdin (not echoed on a terminal).
std::string ReadPassword(const char* env) {
  if (const char* p = env ? std::getenv(env) : nullptr; p && *p) return p;
  termios before{};
  const bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &before) == 0;
  if (tty) {
    std::fputs("password: ", stderr);
    termios quiet = before;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &before);
    std::fputs("\n", stderr);
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

int CreateUser(App& app, const Args& a) {
  if (a.Has("--if-none")) {
    auto count = app.accounts().CountUsers();
    if (!count) return Fail(count.error());
    if (*count > 0) {
      std::printf("accounts exist: none created\n");
      return 0;
    }
  }
  nlohmann::json body = {{"username", a.Get("--username")},
                         {"display_name", a.Get("--display-name", a.Get("--username"))},
                         {"role", a.Get("--role")},
                         {"password", ReadPassword("JOBMATCH_ADMIN_PASSWORD")}};
  if (a.Has("--region")) body["region"] = a.Get("--region");
  auto user = app.accounts().CreateUser(body, SystemPrincipal("cli"));
  if (!user) return Fail(user.error());
  std::printf("created %s %s (id %lld)\n", user->at("role").get<std::string>().c_str(),
              user->at("username").get<std::string>().c_str(),
              static_cast<long long>(user->at("id").get<int64_t>()));
  return 0;
}

}  // namespace

// With JOBMATCH_ADMIN_PASSWORD set and no account yet, an admin account
// "admin" to sign in with (a packaged service cannot easily run the CLI as
// its own user).
Result<void> BootstrapAdmin(App& app) {
  const char* password = std::getenv("JOBMATCH_ADMIN_PASSWORD");
  if (password == nullptr || *password == 0) return {};
  auto count = app.accounts().CountUsers();
  if (!count) return std::unexpected(count.error());
  if (*count > 0) return {};
  auto user = app.accounts().CreateUser({{"username", "admin"},
                                         {"display_name", "管理员"},
                                         {"role", "admin"},
                                         {"password", password}},
                                        SystemPrincipal("cli"));
  if (!user) return std::unexpected(user.error());
  std::printf("created the admin account \"admin\" (password from JOBMATCH_ADMIN_PASSWORD)\n");
  return {};
}

int Keys(const Args& a) {
  SystemClock clock;
  auto app = OpenStore(a, clock);
  if (!app) return Fail(app.error());
  const std::string sub = a.positional.empty() ? "" : a.positional[0];
  if (sub == "create") {
    nlohmann::json body = {{"role", a.Get("--role")}, {"owner", a.Get("--owner")}};
    if (a.Has("--region")) body["region"] = a.Get("--region");
    auto key = (*app)->CreateKey(body);
    if (!key) return Fail(key.error());
    std::printf("id:  %s\nkey: %s\n(shown once; only its hash is stored)\n", key->id.c_str(),
                key->key.c_str());
    return 0;
  }
  if (sub == "revoke" && a.positional.size() == 2) {
    if (auto r = (*app)->RevokeKey(a.positional[1]); !r) return Fail(r.error());
    std::printf("revoked %s\n", a.positional[1].c_str());
    return 0;
  }
  return Usage("keys takes create or revoke ID");
}

int Users(const Args& a) {
  const std::string sub = a.positional.size() == 1 ? a.positional[0] : "";
  if (sub != "create" && sub != "password") return Usage("users takes create or password");
  if (!a.Has("--username")) return Usage("users " + sub + " needs --username");
  SystemClock clock;
  auto app = OpenStore(a, clock);
  if (!app) return Fail(app.error());
  if (sub == "create") return CreateUser(**app, a);
  auto r = (*app)->accounts().ResetPassword(a.Get("--username"), ReadPassword(nullptr));
  if (!r) return Fail(r.error());
  std::printf("new password set for %s; its sessions have ended\n", a.Get("--username").c_str());
  return 0;
}

}  // namespace jobmatch
