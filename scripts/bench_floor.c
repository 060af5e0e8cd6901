/* The floor for the listing benchmark on this machine: a minimal client (libcurl multi, one
 * thread, N keep-alive connections) that sends only ListAccountRoles for known account ids to
 * the emulator, the next request on a connection as soon as its response is in. No paging, no
 * pacing, no retries, no parsing. scripts/bench.py builds and runs it beside B1, so the B1 ratio
 * can be read against what the emulator and the kernel allow here.
 * usage: bench_floor BASE_URL TOKEN_FILE IDS_FILE CONCURRENCY   (the token is read from a file,
 * never passed as an argument) */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
static size_t sink(char *p, size_t s, size_t n, void *u) { (void)p; (void)u; return s * n; }
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }
int main(int argc, char **argv) {
    if (argc != 5) { fprintf(stderr, "usage: bench_floor BASE_URL TOKEN_FILE IDS_FILE CONCURRENCY\n"); return 2; }
    const char *base = argv[1]; int conc = atoi(argv[4]);
    char token[4096] = {0};
    FILE *tf = fopen(argv[2], "r");
    if (!tf || !fgets(token, sizeof token, tf)) { fprintf(stderr, "cannot read the token file\n"); return 2; }
    fclose(tf);
    token[strcspn(token, "\n")] = 0;
    FILE *f = fopen(argv[3], "r"); char line[64]; char **ids = NULL; int n = 0;
    if (!f) { fprintf(stderr, "cannot read the ids file\n"); return 2; }
    while (fgets(line, sizeof line, f)) { line[strcspn(line, "\n")] = 0; ids = realloc(ids, (n + 1) * sizeof *ids); ids[n++] = strdup(line); }
    curl_global_init(CURL_GLOBAL_ALL);
    CURLM *m = curl_multi_init();
    curl_multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS, (long)conc);
    char hdr[4096]; snprintf(hdr, sizeof hdr, "x-amz-sso_bearer_token: %s", token);
    struct curl_slist *h = curl_slist_append(NULL, hdr);
    CURL **handles = calloc(conc, sizeof *handles);
    int next = 0, running = 0, done = 0;
    char url[1024];
    double t0 = now();
    for (int i = 0; i < conc && next < n; i++) {
        handles[i] = curl_easy_init();
        curl_easy_setopt(handles[i], CURLOPT_HTTPHEADER, h);
        curl_easy_setopt(handles[i], CURLOPT_WRITEFUNCTION, sink);
        snprintf(url, sizeof url, "%s/assignment/roles?account_id=%s&max_result=100", base, ids[next++]);
        curl_easy_setopt(handles[i], CURLOPT_URL, url);
        curl_multi_add_handle(m, handles[i]);
    }
    while (done < n) {
        curl_multi_perform(m, &running);
        CURLMsg *msg; int q;
        while ((msg = curl_multi_info_read(m, &q))) {
            if (msg->msg != CURLMSG_DONE) continue;
            CURL *e = msg->easy_handle; long code = 0;
            curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &code);
            if (msg->data.result != CURLE_OK || code != 200) { fprintf(stderr, "request failed: %d, HTTP %ld\n", (int)msg->data.result, code); return 1; }
            done++;
            curl_multi_remove_handle(m, e);
            if (next < n) {
                snprintf(url, sizeof url, "%s/assignment/roles?account_id=%s&max_result=100", base, ids[next++]);
                curl_easy_setopt(e, CURLOPT_URL, url);
                curl_multi_add_handle(m, e);
            }
        }
        if (done < n) curl_multi_poll(m, NULL, 0, 1000, NULL);
    }
    double t = now() - t0;
    printf("{\"requests\": %d, \"seconds\": %.4f}\n", n, t);
    return 0;
}
