// The complete types of what App owns, for App's own source files (app.h
// only declares them, so that App's callers compile neither Xapian's nor
// SQLiteCpp's headers).
#pragma once

#include "batch/runner.h"
#include "match/matcher.h"
#include "search/indexer.h"
#include "search/searcher.h"
#include "store/audit_store.h"
#include "store/batch_store.h"
#include "store/catalog_store.h"
#include "store/change_log.h"
#include "store/household_store.h"
#include "store/key_store.h"
#include "store/link_store.h"
#include "store/opening_store.h"
#include "store/user_store.h"
