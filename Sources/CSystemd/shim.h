#ifndef SIAX_CSYSTEMD_SHIM_H
#define SIAX_CSYSTEMD_SHIM_H
#include <systemd/sd-bus.h>
#include <systemd/sd-journal.h>
#include <systemd/sd-daemon.h>
#endif
