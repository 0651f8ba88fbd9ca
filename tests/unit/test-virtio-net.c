/*
 * virtio-net with a real libslirp back-end, driven the way Linux's
 * virtio_mmio and virtio_net drivers drive it: the test driver of
 * test-virtio.c lays out split rings in guest RAM, sends frames through
 * the transmit queue and finds slirp's answers in receive buffers.
 */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "hw/core/irq.h"
#include "hw/core/memory.h"
#include "hw/net/netdev.h"
#include "hw/net/virtio-net.h"
#include "hw/virtio/virtio-mmio.h"
#include "hw/virtio/virtio-registry.h"
#include "hw/virtio/virtio.h"
#include "util/log.h"

#include "virtio-test-driver.h"

/* Iterate the main context until the queue has a used element. */
static bool wait_used(TestDev *d, unsigned q, uint32_t *id, uint32_t *len)
{
    gint64 end = g_get_monotonic_time() + 2 * G_USEC_PER_SEC;

    while (g_get_monotonic_time() < end) {
        if (drv_used(d, q, id, len)) {
            return true;
        }
        if (!g_main_context_iteration(NULL, FALSE)) {
            g_usleep(1000);
        }
    }
    return false;
}

/* --- virtio-net ---------------------------------------------------------- */

#define F_MAC (1ull << 5)
#define F_STATUS (1ull << 16)
#define HDR 12
#define RXQ 0
#define TXQ 1
#define RX_BUF (BUF_BASE + 0x10000) /* RX buffer i at + i * 0x800 */
#define TX_BUF BUF_BASE
#define NUM 16

static const uint8_t guest_mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};

static void net_setup(TestDev *d, const char *netdev_spec)
{
    g_autofree char *id = NULL;
    GError *err = NULL;

    ck_assert_msg(netdev_add(netdev_spec, &err), "%s", err ? err->message : "");
    id = g_strdup(strstr(netdev_spec, "id=") + 3);
    *strchrnul(id, ',') = 0;
    setup(d, virtio_net_new(netdev_find(id), guest_mac, NULL));
    drv_init(d, F_VERSION_1 | F_MAC | F_STATUS, 2, NUM);
}

static void net_teardown(TestDev *d)
{
    teardown(d);
    netdev_close_all();
}

static void rx_post(TestDev *d, unsigned i)
{
    Seg s = {RX_BUF + 0x800ull * i, 0x800, true};

    drv_add(d, RXQ, &s, 1);
    wr(d, R_QUEUE_NOTIFY, RXQ);
}

/* Send frame (without header) through the transmit queue. */
static void tx_frame(TestDev *d, const uint8_t *frame, size_t len)
{
    uint8_t hdr[HDR] = {0};
    Seg s = {TX_BUF, HDR + len, false};
    uint32_t id, used;

    put(d, TX_BUF, hdr, HDR);
    put(d, TX_BUF + HDR, frame, len);
    drv_add(d, TXQ, &s, 1);
    wr(d, R_QUEUE_NOTIFY, TXQ);
    ck_assert(drv_used(d, TXQ, &id, &used));
}

/* An ARP request from 10.0.2.15 (us) for 10.0.2.2 (the gateway). */
static void send_arp_request(TestDev *d)
{
    uint8_t f[42] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

    memcpy(f + 6, guest_mac, 6);
    f[12] = 0x08, f[13] = 0x06;                 /* ethertype ARP */
    f[14] = 0, f[15] = 1;                       /* Ethernet */
    f[16] = 0x08, f[17] = 0x00;                 /* IPv4 */
    f[18] = 6, f[19] = 4, f[20] = 0, f[21] = 1; /* request */
    memcpy(f + 22, guest_mac, 6);
    f[28] = 10, f[29] = 0, f[30] = 2, f[31] = 15;
    f[38] = 10, f[39] = 0, f[40] = 2, f[41] = 2;
    tx_frame(d, f, sizeof(f));
}

/* The next received frame (header checked, stripped), or 0 after 2s. */
static uint32_t rx_frame(TestDev *d, uint8_t *frame, uint32_t max)
{
    uint8_t hdr[HDR];
    uint32_t id, len;

    if (!wait_used(d, RXQ, &id, &len)) {
        return 0;
    }
    ck_assert_uint_lt(id, NUM);
    ck_assert_uint_ge(len, HDR + 14);
    get(d, RX_BUF + 0x800ull * id, hdr, HDR);
    /* Zero header but num_buffers = 1 (virtio 1.2 section 5.1.6.4). */
    for (int i = 0; i < HDR; i++) {
        ck_assert_uint_eq(hdr[i], i == 10 ? 1 : 0);
    }
    len = MIN(len - HDR, max);
    get(d, RX_BUF + 0x800ull * id + HDR, frame, len);
    rx_post(d, id % NUM); /* give the buffer back */
    return len;
}

START_TEST(test_net_config)
{
    TestDev d;
    uint8_t mac[6];

    net_setup(&d, "user,id=n0");
    ck_assert_uint_eq(rd(&d, R_DEVICE_ID), VIRTIO_ID_NET);
    for (int i = 0; i < 6; i++) {
        uint64_t v = 0;

        ck_assert_int_eq(as_load(d.as, MMIO_BASE + R_CONFIG + i, 1, &v),
                         MEMTX_OK);
        mac[i] = v;
    }
    ck_assert_mem_eq(mac, guest_mac, 6);
    /* status: VIRTIO_NET_S_LINK_UP */
    ck_assert_uint_eq(rd(&d, R_CONFIG + 4) >> 16, 1);
    net_teardown(&d);
}
END_TEST

START_TEST(test_net_arp)
{
    static const uint8_t gw_ip[4] = {10, 0, 2, 2}, our_ip[4] = {10, 0, 2, 15};
    uint8_t f[2048];
    uint32_t len;
    TestDev d;

    net_setup(&d, "user,id=n0");
    for (unsigned i = 0; i < 4; i++) {
        rx_post(&d, i);
    }
    send_arp_request(&d);
    len = rx_frame(&d, f, sizeof(f));
    ck_assert_uint_ge(len, 42);
    ck_assert_mem_eq(f, guest_mac, 6);             /* to us */
    ck_assert_uint_eq(f[12] << 8 | f[13], 0x0806); /* ARP */
    ck_assert_uint_eq(f[20] << 8 | f[21], 2);      /* reply */
    ck_assert_mem_eq(f + 6, f + 22, 6);            /* sender MAC */
    ck_assert_mem_eq(f + 28, gw_ip, 4);            /* 10.0.2.2 is at */
    ck_assert_mem_eq(f + 32, guest_mac, 6);
    ck_assert_mem_eq(f + 38, our_ip, 4);
    ck_assert_int_eq(d.level, 1);
    net_teardown(&d);
}
END_TEST

/* The Internet checksum (RFC 1071) of an IPv4 header. */
static uint16_t ip_csum(const uint8_t *p, size_t len)
{
    uint32_t sum = 0;

    for (size_t i = 0; i < len; i += 2) {
        sum += p[i] << 8 | p[i + 1];
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return ~sum;
}

START_TEST(test_net_dhcp)
{
    /* Ethernet + IPv4 (20) + UDP (8) + BOOTP (236 + 312 options). */
    enum { ETH = 14, IP = ETH, UDP = IP + 20, BOOTP = UDP + 8 };
    static uint8_t f[BOOTP + 548];
    static const uint8_t lease[4] = {10, 0, 2, 15}, gw[4] = {10, 0, 2, 2};
    uint8_t r[2048];
    uint16_t csum;
    uint32_t len;
    TestDev d;

    net_setup(&d, "user,id=n0");
    for (unsigned i = 0; i < 4; i++) {
        rx_post(&d, i);
    }
    memset(f, 0, sizeof(f));
    memset(f, 0xff, 6);
    memcpy(f + 6, guest_mac, 6);
    f[12] = 0x08;
    f[IP] = 0x45; /* IPv4, 20 bytes */
    f[IP + 2] = (sizeof(f) - IP) >> 8;
    f[IP + 3] = (sizeof(f) - IP) & 0xff;
    f[IP + 8] = 64;               /* TTL */
    f[IP + 9] = 17;               /* UDP */
    memset(f + IP + 16, 0xff, 4); /* 0.0.0.0 -> bcast */
    csum = ip_csum(f + IP, 20);
    f[IP + 10] = csum >> 8;
    f[IP + 11] = csum & 0xff;
    f[UDP + 1] = 68; /* bootpc -> bootps */
    f[UDP + 3] = 67;
    f[UDP + 4] = (sizeof(f) - UDP) >> 8;
    f[UDP + 5] = (sizeof(f) - UDP) & 0xff; /* checksum 0: none */
    f[BOOTP] = 1;                          /* BOOTREQUEST */
    f[BOOTP + 1] = 1;                      /* Ethernet */
    f[BOOTP + 2] = 6;
    memcpy(f + BOOTP + 4, "\x12\x34\x56\x78", 4);   /* xid */
    memcpy(f + BOOTP + 28, guest_mac, 6);           /* chaddr */
    memcpy(f + BOOTP + 236, "\x63\x82\x53\x63", 4); /* magic cookie */
    memcpy(f + BOOTP + 240, "\x35\x01\x01\xff", 4); /* DISCOVER, end */
    tx_frame(&d, f, sizeof(f));

    len = rx_frame(&d, r, sizeof(r));
    ck_assert_uint_ge(len, BOOTP + 240 + 3);
    ck_assert_uint_eq(r[12] << 8 | r[13], 0x0800);
    ck_assert_uint_eq(r[IP + 9], 17);
    ck_assert_mem_eq(r + IP + 12, gw, 4); /* from the gateway */
    ck_assert_uint_eq(r[UDP] << 8 | r[UDP + 1], 67);
    ck_assert_uint_eq(r[UDP + 2] << 8 | r[UDP + 3], 68);
    ck_assert_uint_eq(r[BOOTP], 2); /* BOOTREPLY */
    ck_assert_mem_eq(r + BOOTP + 4, "\x12\x34\x56\x78", 4);
    ck_assert_mem_eq(r + BOOTP + 16, lease, 4); /* yiaddr */
    ck_assert_mem_eq(r + BOOTP + 28, guest_mac, 6);
    ck_assert_mem_eq(r + BOOTP + 236, "\x63\x82\x53\x63", 4);
    ck_assert_mem_eq(r + BOOTP + 240, "\x35\x01\x02", 3); /* OFFER */
    net_teardown(&d);
}
END_TEST

static int free_port(void)
{
    struct sockaddr_in sa = {.sin_family = AF_INET,
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t sl = sizeof(sa);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int port;

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sa, &sl), 0);
    port = ntohs(sa.sin_port);
    close(fd);
    return port;
}

START_TEST(test_net_hostfwd)
{
    int port = free_port();
    g_autofree char *spec =
        g_strdup_printf("user,id=n1,hostfwd=tcp:127.0.0.1:%d-:22,"
                        "hostfwd=udp::%d-:53",
                        port, port);
    struct sockaddr_in sa = {.sin_family = AF_INET,
                             .sin_port = htons(port),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    uint8_t f[2048];
    bool syn = false;
    TestDev d;
    int fd;

    net_setup(&d, spec);
    for (unsigned i = 0; i < NUM; i++) {
        rx_post(&d, i);
    }
    /* Let slirp learn our MAC, as a guest's first ARP does. */
    send_arp_request(&d);
    ck_assert_uint_ge(rx_frame(&d, f, sizeof(f)), 42);

    fd = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_msg(connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0,
                  "connect: %s", g_strerror(errno));
    for (int tries = 0; tries < 8 && !syn; tries++) {
        uint32_t len = rx_frame(&d, f, sizeof(f));
        unsigned ihl;

        if (len < 14 + 20 || (f[12] << 8 | f[13]) != 0x0800 || f[23] != 6) {
            continue; /* not IPv4 TCP */
        }
        ihl = (f[14] & 0xf) * 4;
        ck_assert_uint_ge(len, 14 + ihl + 20);
        ck_assert_mem_eq(f, guest_mac, 6);
        ck_assert_uint_eq(f[30], 10); /* to 10.0.2.15 */
        ck_assert_uint_eq(f[33], 15);
        ck_assert_uint_eq(f[14 + ihl + 2] << 8 | f[14 + ihl + 3], 22);
        ck_assert(f[14 + ihl + 13] & 0x02); /* SYN */
        syn = true;
    }
    ck_assert_msg(syn, "no SYN to port 22 reached the guest");
    close(fd);
    net_teardown(&d);
}
END_TEST

START_TEST(test_net_short_tx)
{
    g_autofree char *logf =
        g_build_filename(g_get_tmp_dir(), "kestrel-nlog-XXXXXX", NULL);
    g_autofree char *text = NULL;
    uint8_t junk[4] = {0};
    Seg s = {TX_BUF, sizeof(junk), false};
    uint32_t id, len;
    TestDev d;

    close(g_mkstemp(logf));
    ck_assert(log_set_file(logf, NULL));
    log_set_items(LOG_GUEST_ERROR);
    net_setup(&d, "user,id=n0");
    /* A transmit chain shorter than the 12-byte header. */
    put(&d, TX_BUF, junk, sizeof(junk));
    drv_add(&d, TXQ, &s, 1);
    wr(&d, R_QUEUE_NOTIFY, TXQ);
    ck_assert(rd(&d, R_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
    ck_assert(rd(&d, R_ISR) & VIRTIO_ISR_CONFIG);
    ck_assert(!drv_used(&d, TXQ, &id, &len));
    /* Then a chain pointing outside RAM: still broken, still quiet. */
    drv_desc(&d, d.q[TXQ].desc, 5, 0x1000, 64, 0, 0);
    drv_publish(&d, TXQ, 5);
    wr(&d, R_QUEUE_NOTIFY, TXQ);
    ck_assert(!drv_used(&d, TXQ, &id, &len));
    log_close();
    ck_assert(g_file_get_contents(logf, &text, NULL, NULL));
    ck_assert_msg(strstr(text, "virtio-net: queue 1") &&
                      strstr(text, "device needs reset"),
                  "log: %s", text);
    unlink(logf);
    log_set_items(0);
    /* A reset brings it back: the gateway answers again. */
    drv_init(&d, F_VERSION_1 | F_MAC | F_STATUS, 2, NUM);
    ck_assert(!(rd(&d, R_STATUS) & VIRTIO_STATUS_NEEDS_RESET));
    rx_post(&d, 0);
    send_arp_request(&d);
    ck_assert_uint_ge(rx_frame(&d, (uint8_t[64]){0}, 64), 42);
    net_teardown(&d);
}
END_TEST

START_TEST(test_net_bad_chain)
{
    TestDev d;
    uint32_t id, len;

    net_setup(&d, "user,id=n0");
    /* A TX descriptor outside RAM: vq_pop refuses the chain. */
    drv_desc(&d, d.q[TXQ].desc, 0, 0x1000, 64, 0, 0);
    drv_publish(&d, TXQ, 0);
    wr(&d, R_QUEUE_NOTIFY, TXQ);
    ck_assert(rd(&d, R_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
    ck_assert(!drv_used(&d, TXQ, &id, &len));
    net_teardown(&d);
}
END_TEST

/* errp, not the error: the call and the read must not be unsequenced. */
#define expect_error(ok, err, text) expect_error_at(ok, &(err), text, __LINE__)

static void expect_error_at(bool ok, GError **errp, const char *text, int line)
{
    GError *err = *errp;

    ck_assert_msg(!ok, "line %d succeeded", line);
    ck_assert_msg(err && strstr(err->message, text), "line %d: %s", line,
                  err ? err->message : "(none)");
    g_error_free(err);
}

START_TEST(test_net_options)
{
    GError *err = NULL;

    expect_error(netdev_add("tap,id=t0", &err), err, "not supported yet");
    err = NULL;
    expect_error(netdev_add("socket,id=s0", &err), err, "not supported yet");
    err = NULL;
    expect_error(netdev_add("user", &err), err, "id= is required");
    err = NULL;
    expect_error(netdev_add("user,id=a,bogus=1", &err), err, "bogus");
    err = NULL;
    expect_error(netdev_add("user,id=a,hostfwd=tcp::x-:22", &err), err,
                 "hostfwd=tcp::x-:22");
    err = NULL;
    expect_error(netdev_add("user,id=a,net=10.0.2.0/33", &err), err, "prefix");
    err = NULL;
    ck_assert(netdev_add("user,id=a,net=192.168.7.0/24,host=192.168.7.1,"
                         "dns=192.168.7.9",
                         NULL));
    expect_error(netdev_add("user,id=a", &err), err, "duplicate");
    err = NULL;
    expect_error(virtio_device_add("virtio-net-device", &err), err,
                 "netdev= is required");
    err = NULL;
    expect_error(virtio_device_add("virtio-net-device,netdev=zz", &err), err,
                 "no -netdev");
    err = NULL;
    expect_error(virtio_device_add("virtio-net-device,netdev=a,mac=1:2", &err),
                 err, "mac=");
    err = NULL;
    ck_assert(virtio_device_add("virtio-net-device,netdev=a,"
                                "mac=52:54:00:00:00:07",
                                NULL));
    expect_error(virtio_device_add("virtio-net-device,netdev=a", &err), err,
                 "already in use");
    ck_assert_uint_eq(virtio_device_pending(), 1);
    virtio_device_free_pending();
    netdev_close_all();
}
END_TEST

int main(void)
{
    Suite *s = suite_create("virtio-net");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, test_net_config);
    tcase_add_test(tc, test_net_arp);
    tcase_add_test(tc, test_net_dhcp);
    tcase_add_test(tc, test_net_hostfwd);
    tcase_add_test(tc, test_net_short_tx);
    tcase_add_test(tc, test_net_bad_chain);
    tcase_add_test(tc, test_net_options);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
