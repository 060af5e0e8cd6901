#include "CCurl.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The libcurl functions used, resolved with dlsym. */
static struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    void (*easy_reset)(CURL *);
    CURLcode (*easy_perform)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
} fn;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char load_error[256];

/* libcurl's soname on Linux (libcurl4, with OpenSSL or GnuTLS behind it); the unversioned name
   for systems that ship only that (the -dev package, macOS). */
static const char *const names[] = { "libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so", "libcurl.4.dylib", "libcurl.dylib" };

static void load(void) {
    void *lib = NULL;
    char why[160] = "not found";
    /* AWS_SSO_TUI_LIBCURL names the library to load instead (a path or a soname). */
    const char *only = getenv("AWS_SSO_TUI_LIBCURL");
    if (only && *only) {
        lib = dlopen(only, RTLD_NOW | RTLD_LOCAL);
        if (!lib) snprintf(why, sizeof why, "%s", dlerror());
    } else {
        for (size_t i = 0; i < sizeof names / sizeof names[0] && !lib; i++) {
            lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
            if (!lib && i == 0) snprintf(why, sizeof why, "%s", dlerror());
        }
    }
    if (!lib) {
        snprintf(load_error, sizeof load_error, "libcurl could not be loaded (%s); install libcurl4", why);
        return;
    }
#define SYM(field, name) \
    if (!(*(void **)&fn.field = dlsym(lib, name))) { \
        snprintf(load_error, sizeof load_error, "libcurl could not be loaded: it has no %s", name); \
        return; \
    }
    SYM(global_init, "curl_global_init")
    SYM(easy_init, "curl_easy_init")
    SYM(easy_cleanup, "curl_easy_cleanup")
    SYM(easy_reset, "curl_easy_reset")
    SYM(easy_perform, "curl_easy_perform")
    SYM(easy_strerror, "curl_easy_strerror")
    SYM(easy_setopt, "curl_easy_setopt")
    SYM(easy_getinfo, "curl_easy_getinfo")
    SYM(slist_append, "curl_slist_append")
    SYM(slist_free_all, "curl_slist_free_all")
#undef SYM
    CURLcode rc = fn.global_init(CURL_GLOBAL_DEFAULT);
    if (rc != CURLE_OK) {
        snprintf(load_error, sizeof load_error, "libcurl could not be initialised: %s", fn.easy_strerror(rc));
        return;
    }
    load_error[0] = 0;
}

int ccurl_load(char *err, size_t errlen) {
    /* Until load() has run to the end this says so (a symbol missing returns early with its own). */
    pthread_once(&once, load);
    if (load_error[0] == 0 && fn.easy_init) return 0;
    if (err && errlen) snprintf(err, errlen, "%s", load_error[0] ? load_error : "libcurl could not be loaded");
    return 1;
}

CURL *ccurl_easy_init(void) { return fn.easy_init(); }
void ccurl_easy_cleanup(CURL *h) { fn.easy_cleanup(h); }
void ccurl_easy_reset(CURL *h) { fn.easy_reset(h); }
CURLcode ccurl_easy_perform(CURL *h) { return fn.easy_perform(h); }
const char *ccurl_easy_strerror(CURLcode rc) { return fn.easy_strerror(rc); }
struct curl_slist *ccurl_slist_append(struct curl_slist *list, const char *s) { return fn.slist_append(list, s); }
void ccurl_slist_free_all(struct curl_slist *list) { if (list) fn.slist_free_all(list); }

CURLcode ccurl_setopt_long(CURL *h, CURLoption o, long v) { return fn.easy_setopt(h, o, v); }
CURLcode ccurl_setopt_string(CURL *h, CURLoption o, const char *v) { return fn.easy_setopt(h, o, v); }
CURLcode ccurl_setopt_ptr(CURL *h, CURLoption o, void *v) { return fn.easy_setopt(h, o, v); }
CURLcode ccurl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return fn.easy_setopt(h, o, v); }
CURLcode ccurl_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return fn.easy_setopt(h, o, v); }
CURLcode ccurl_setopt_write_cb(CURL *h, CURLoption o, ccurl_write_cb cb) { return fn.easy_setopt(h, o, cb); }
CURLcode ccurl_setopt_xferinfo_cb(CURL *h, CURLoption o, ccurl_xferinfo_cb cb) { return fn.easy_setopt(h, o, cb); }
CURLcode ccurl_getinfo_long(CURL *h, CURLINFO i, long *out) { return fn.easy_getinfo(h, i, out); }
