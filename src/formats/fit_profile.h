#ifndef SG_FORMATS_FIT_PROFILE_H
#define SG_FORMATS_FIT_PROFILE_H
/* The part of the FIT profile strideguard uses: base types, message numbers,
 * field numbers, scales, and the names of profile messages.
 *
 * Numbers come from the public FIT protocol/profile description (cross-checked
 * against the independent decodes in ../shared/data). Nothing here is copied
 * from Garmin's SDK. Every number the codec uses has a name here, so no
 * decoder contains a bare `case 19:`. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- file header and record header ---------------------------------- */

#define SG_FIT_HEADER_MIN 12          /* protocol 1.0 header (no header CRC) */
#define SG_FIT_HEADER_WITH_CRC 14     /* header with CRC of its first 12 bytes */
#define SG_FIT_CRC_SIZE 2
#define SG_FIT_EPOCH_UNIX 631065600.0 /* 1989-12-31T00:00:00Z in Unix seconds */
#define SG_FIT_DATE_TIME_MIN 0x10000000u /* below: device-relative seconds */

#define SG_FIT_HDR_COMPRESSED 0x80    /* bit 7: compressed-timestamp header */
#define SG_FIT_HDR_DEFINITION 0x40    /* bit 6 (normal header): definition */
#define SG_FIT_HDR_DEV_DATA 0x20      /* bit 5 (normal header): has developer fields */
#define SG_FIT_HDR_LOCAL_MASK 0x0F    /* bits 0-3 (normal header): local message */
#define SG_FIT_CTS_LOCAL_SHIFT 5      /* bits 5-6 (compressed): local message 0-3 */
#define SG_FIT_CTS_LOCAL_MASK 0x03
#define SG_FIT_CTS_OFFSET_MASK 0x1F   /* bits 0-4 (compressed): seconds offset */
#define SG_FIT_LOCAL_COUNT 16

#define SG_FIT_ARCH_LITTLE 0
#define SG_FIT_ARCH_BIG 1

/* ---- base types (the byte in a field definition) --------------------- */

enum {
    SG_FIT_BT_ENUM = 0x00,
    SG_FIT_BT_SINT8 = 0x01,
    SG_FIT_BT_UINT8 = 0x02,
    SG_FIT_BT_SINT16 = 0x83,
    SG_FIT_BT_UINT16 = 0x84,
    SG_FIT_BT_SINT32 = 0x85,
    SG_FIT_BT_UINT32 = 0x86,
    SG_FIT_BT_STRING = 0x07,
    SG_FIT_BT_FLOAT32 = 0x88,
    SG_FIT_BT_FLOAT64 = 0x89,
    SG_FIT_BT_UINT8Z = 0x0A,
    SG_FIT_BT_UINT16Z = 0x8B,
    SG_FIT_BT_UINT32Z = 0x8C,
    SG_FIT_BT_BYTE = 0x0D,
    SG_FIT_BT_SINT64 = 0x8E,
    SG_FIT_BT_UINT64 = 0x8F,
    SG_FIT_BT_UINT64Z = 0x90,
};
#define SG_FIT_BT_NUM_MASK 0x1F       /* base type number = low 5 bits */
#define SG_FIT_BT_COUNT 17            /* numbers 0..16 */

/* Kind of a base type, for reading and for the invalid sentinel. */
typedef enum sg_fit_kind {
    SG_FIT_K_UINT,      /* invalid = all ones */
    SG_FIT_K_SINT,      /* invalid = max positive (0x7F.., two's complement) */
    SG_FIT_K_UINTZ,     /* invalid = 0 */
    SG_FIT_K_FLOAT,     /* invalid = all ones (a NaN) */
    SG_FIT_K_STRING,    /* invalid = empty (first byte NUL) */
    SG_FIT_K_BYTE,      /* invalid = every byte 0xFF */
} sg_fit_kind;

typedef struct sg_fit_base_type {
    uint8_t id;          /* full identifier (endian bit included) */
    uint8_t size;        /* bytes per element */
    uint8_t kind;        /* sg_fit_kind */
    const char *name;
} sg_fit_base_type;

/* Base type by number (id & SG_FIT_BT_NUM_MASK); NULL when unknown. */
const sg_fit_base_type *sg_fit_base_type_get(uint8_t id);

/* ---- global message numbers ----------------------------------------- */

enum {
    SG_FIT_MESG_FILE_ID = 0,
    SG_FIT_MESG_DEVICE_SETTINGS = 2,
    SG_FIT_MESG_USER_PROFILE = 3,
    SG_FIT_MESG_ZONES_TARGET = 7,
    SG_FIT_MESG_SPORT = 12,
    SG_FIT_MESG_SESSION = 18,
    SG_FIT_MESG_LAP = 19,
    SG_FIT_MESG_RECORD = 20,
    SG_FIT_MESG_EVENT = 21,
    SG_FIT_MESG_DEVICE_INFO = 23,
    SG_FIT_MESG_ACTIVITY = 34,
    SG_FIT_MESG_FILE_CREATOR = 49,
    SG_FIT_MESG_HRV = 78,
    SG_FIT_MESG_LENGTH = 101,
    SG_FIT_MESG_GYROSCOPE_DATA = 164,
    SG_FIT_MESG_ACCELEROMETER_DATA = 165,
    SG_FIT_MESG_THREE_D_SENSOR_CALIBRATION = 167,
    SG_FIT_MESG_FIELD_DESCRIPTION = 206,
    SG_FIT_MESG_DEVELOPER_DATA_ID = 207,
};

/* Field numbers shared by every message. */
enum {
    SG_FIT_FIELD_TIMESTAMP = 253,     /* date_time, uint32 s since FIT epoch */
    SG_FIT_FIELD_MESSAGE_INDEX = 254,
};

/* file_id */
enum {
    SG_FIT_FILE_ID_TYPE = 0,
    SG_FIT_FILE_ID_MANUFACTURER = 1,
    SG_FIT_FILE_ID_PRODUCT = 2,
    SG_FIT_FILE_ID_SERIAL_NUMBER = 3,
    SG_FIT_FILE_ID_TIME_CREATED = 4,
    SG_FIT_FILE_ID_NUMBER = 5,
    SG_FIT_FILE_ID_PRODUCT_NAME = 8,
};
#define SG_FIT_FILE_TYPE_ACTIVITY 4

/* file_creator */
enum { SG_FIT_FILE_CREATOR_SOFTWARE_VERSION = 0, SG_FIT_FILE_CREATOR_HARDWARE_VERSION = 1 };

/* device_info */
enum {
    SG_FIT_DEVICE_INFO_DEVICE_INDEX = 0,
    SG_FIT_DEVICE_INFO_DEVICE_TYPE = 1,
    SG_FIT_DEVICE_INFO_MANUFACTURER = 2,
    SG_FIT_DEVICE_INFO_SERIAL_NUMBER = 3,
    SG_FIT_DEVICE_INFO_PRODUCT = 4,
    SG_FIT_DEVICE_INFO_SOFTWARE_VERSION = 5,   /* uint16, scale 100 */
    SG_FIT_DEVICE_INFO_HARDWARE_VERSION = 6,
    SG_FIT_DEVICE_INFO_PRODUCT_NAME = 27,
};
#define SG_FIT_DEVICE_INDEX_CREATOR 0
#define SG_FIT_SOFTWARE_VERSION_SCALE 100.0

/* sport */
enum { SG_FIT_SPORT_SPORT = 0, SG_FIT_SPORT_SUB_SPORT = 1, SG_FIT_SPORT_NAME = 3 };

/* session */
enum {
    SG_FIT_SESSION_EVENT = 0,
    SG_FIT_SESSION_EVENT_TYPE = 1,
    SG_FIT_SESSION_START_TIME = 2,
    SG_FIT_SESSION_SPORT = 5,
    SG_FIT_SESSION_SUB_SPORT = 6,
    SG_FIT_SESSION_TOTAL_ELAPSED_TIME = 7,   /* uint32 scale 1000, s */
    SG_FIT_SESSION_TOTAL_TIMER_TIME = 8,     /* uint32 scale 1000, s */
    SG_FIT_SESSION_TOTAL_DISTANCE = 9,       /* uint32 scale 100, m */
    SG_FIT_SESSION_TOTAL_CALORIES = 11,      /* uint16 kcal */
    SG_FIT_SESSION_AVG_SPEED = 14,           /* uint16 scale 1000 -> enhanced_avg_speed */
    SG_FIT_SESSION_MAX_SPEED = 15,
    SG_FIT_SESSION_AVG_HEART_RATE = 16,
    SG_FIT_SESSION_MAX_HEART_RATE = 17,
    SG_FIT_SESSION_AVG_CADENCE = 18,         /* rpm, strides/min for running */
    SG_FIT_SESSION_TOTAL_ASCENT = 22,        /* uint16 m */
    SG_FIT_SESSION_TOTAL_DESCENT = 23,
    SG_FIT_SESSION_FIRST_LAP_INDEX = 25,
    SG_FIT_SESSION_NUM_LAPS = 26,
    SG_FIT_SESSION_AVG_FRACTIONAL_CADENCE = 92, /* uint8 scale 128 */
    SG_FIT_SESSION_ENHANCED_AVG_SPEED = 124, /* uint32 scale 1000 */
    SG_FIT_SESSION_ENHANCED_MAX_SPEED = 125,
};

/* lap */
enum {
    SG_FIT_LAP_EVENT = 0,
    SG_FIT_LAP_EVENT_TYPE = 1,
    SG_FIT_LAP_START_TIME = 2,
    SG_FIT_LAP_TOTAL_ELAPSED_TIME = 7,
    SG_FIT_LAP_TOTAL_TIMER_TIME = 8,
    SG_FIT_LAP_TOTAL_DISTANCE = 9,
    SG_FIT_LAP_TOTAL_CALORIES = 11,
    SG_FIT_LAP_AVG_SPEED = 13,
    SG_FIT_LAP_MAX_SPEED = 14,
    SG_FIT_LAP_AVG_HEART_RATE = 15,
    SG_FIT_LAP_MAX_HEART_RATE = 16,
    SG_FIT_LAP_AVG_CADENCE = 17,
    SG_FIT_LAP_TOTAL_ASCENT = 21,
    SG_FIT_LAP_TOTAL_DESCENT = 22,
    SG_FIT_LAP_SPORT = 25,
    SG_FIT_LAP_SUB_SPORT = 39,
    SG_FIT_LAP_AVG_FRACTIONAL_CADENCE = 80,
    SG_FIT_LAP_ENHANCED_AVG_SPEED = 110,
    SG_FIT_LAP_ENHANCED_MAX_SPEED = 111,
};

/* activity */
enum {
    SG_FIT_ACTIVITY_TOTAL_TIMER_TIME = 0,
    SG_FIT_ACTIVITY_NUM_SESSIONS = 1,
    SG_FIT_ACTIVITY_TYPE = 2,
    SG_FIT_ACTIVITY_EVENT = 3,
    SG_FIT_ACTIVITY_EVENT_TYPE = 4,
    SG_FIT_ACTIVITY_LOCAL_TIMESTAMP = 5,
};
#define SG_FIT_EVENT_TIMER 0
#define SG_FIT_EVENT_LAP 9
#define SG_FIT_EVENT_SESSION 8
#define SG_FIT_EVENT_ACTIVITY 26
#define SG_FIT_EVENT_TYPE_START 0
#define SG_FIT_EVENT_TYPE_STOP 1
#define SG_FIT_EVENT_TYPE_STOP_ALL 4

/* record */
enum {
    SG_FIT_RECORD_POSITION_LAT = 0,          /* sint32 semicircles */
    SG_FIT_RECORD_POSITION_LONG = 1,
    SG_FIT_RECORD_ALTITUDE = 2,              /* uint16 scale 5 offset 500 -> enhanced_altitude */
    SG_FIT_RECORD_HEART_RATE = 3,            /* uint8 bpm */
    SG_FIT_RECORD_CADENCE = 4,               /* uint8 rpm (strides/min running) */
    SG_FIT_RECORD_DISTANCE = 5,              /* uint32 scale 100 m */
    SG_FIT_RECORD_SPEED = 6,                 /* uint16 scale 1000 m/s -> enhanced_speed */
    SG_FIT_RECORD_POWER = 7,                 /* uint16 W */
    SG_FIT_RECORD_COMPRESSED_SPEED_DISTANCE = 8, /* byte[3]: speed 12 bit, distance 12 bit */
    SG_FIT_RECORD_TEMPERATURE = 13,          /* sint8 C */
    SG_FIT_RECORD_CYCLES = 18,               /* uint8 -> total_cycles (accumulated) */
    SG_FIT_RECORD_TOTAL_CYCLES = 19,
    SG_FIT_RECORD_COMPRESSED_ACCUMULATED_POWER = 28, /* uint16 -> accumulated_power */
    SG_FIT_RECORD_ACCUMULATED_POWER = 29,
    SG_FIT_RECORD_VERTICAL_OSCILLATION = 39, /* uint16 scale 10 mm */
    SG_FIT_RECORD_STANCE_TIME = 41,          /* uint16 scale 10 ms */
    SG_FIT_RECORD_FRACTIONAL_CADENCE = 53,   /* uint8 scale 128 */
    SG_FIT_RECORD_ENHANCED_SPEED = 73,       /* uint32 scale 1000 m/s */
    SG_FIT_RECORD_ENHANCED_ALTITUDE = 78,    /* uint32 scale 5 offset 500 m */
    SG_FIT_RECORD_VERTICAL_RATIO = 83,       /* uint16 scale 100 % */
    SG_FIT_RECORD_STANCE_TIME_BALANCE = 84,  /* uint16 scale 100 % */
    SG_FIT_RECORD_STEP_LENGTH = 85,          /* uint16 scale 10 mm */
};

/* Profile scale/offset of the record fields: value = raw / scale - offset. */
#define SG_FIT_SCALE_ALTITUDE 5.0
#define SG_FIT_OFFSET_ALTITUDE 500.0
#define SG_FIT_SCALE_DISTANCE 100.0
#define SG_FIT_SCALE_SPEED 1000.0
#define SG_FIT_SCALE_VERTICAL_OSCILLATION 10.0
#define SG_FIT_SCALE_STANCE_TIME 10.0
#define SG_FIT_SCALE_FRACTIONAL_CADENCE 128.0
#define SG_FIT_SCALE_PERCENT 100.0
#define SG_FIT_SCALE_STEP_LENGTH 10.0
#define SG_FIT_SCALE_TIME_MS 1000.0
/* compressed_speed_distance components */
#define SG_FIT_CSD_SPEED_BITS 12
#define SG_FIT_CSD_SPEED_SCALE 100.0
#define SG_FIT_CSD_DISTANCE_BITS 12
#define SG_FIT_CSD_DISTANCE_SCALE 16.0
#define SG_FIT_CYCLES_BITS 8
#define SG_FIT_ACC_POWER_BITS 16

/* developer_data_id */
enum {
    SG_FIT_DEV_ID_DEVELOPER_ID = 0,
    SG_FIT_DEV_ID_APPLICATION_ID = 1,
    SG_FIT_DEV_ID_MANUFACTURER_ID = 2,
    SG_FIT_DEV_ID_DEVELOPER_DATA_INDEX = 3,
    SG_FIT_DEV_ID_APPLICATION_VERSION = 4,
};

/* field_description */
enum {
    SG_FIT_FDESC_DEVELOPER_DATA_INDEX = 0,
    SG_FIT_FDESC_FIELD_DEFINITION_NUMBER = 1,
    SG_FIT_FDESC_FIT_BASE_TYPE_ID = 2,
    SG_FIT_FDESC_FIELD_NAME = 3,
    SG_FIT_FDESC_ARRAY = 4,
    SG_FIT_FDESC_COMPONENTS = 5,
    SG_FIT_FDESC_SCALE = 6,
    SG_FIT_FDESC_OFFSET = 7,
    SG_FIT_FDESC_UNITS = 8,
    SG_FIT_FDESC_BITS = 9,
    SG_FIT_FDESC_ACCUMULATE = 10,
    SG_FIT_FDESC_FIT_BASE_UNIT_ID = 13,
    SG_FIT_FDESC_NATIVE_MESG_NUM = 14,
    SG_FIT_FDESC_NATIVE_FIELD_NUM = 15,
};

/* accelerometer_data / gyroscope_data (same layout) */
enum {
    SG_FIT_MOTION_TIMESTAMP_MS = 0,          /* uint16 ms */
    SG_FIT_MOTION_SAMPLE_TIME_OFFSET = 1,    /* uint16[] ms after timestamp(_ms) */
    SG_FIT_MOTION_X = 2,                     /* uint16[] counts */
    SG_FIT_MOTION_Y = 3,
    SG_FIT_MOTION_Z = 4,
    SG_FIT_MOTION_CALIBRATED_X = 5,          /* float32[] g or deg/s */
    SG_FIT_MOTION_CALIBRATED_Y = 6,
    SG_FIT_MOTION_CALIBRATED_Z = 7,
};

/* three_d_sensor_calibration */
enum {
    SG_FIT_CAL3D_SENSOR_TYPE = 0,            /* 0 accelerometer, 1 gyroscope */
    SG_FIT_CAL3D_CALIBRATION_FACTOR = 1,     /* uint32 */
    SG_FIT_CAL3D_CALIBRATION_DIVISOR = 2,    /* uint32 counts */
    SG_FIT_CAL3D_LEVEL_SHIFT = 3,            /* uint32 */
    SG_FIT_CAL3D_OFFSET_CAL = 4,             /* sint32[3] */
    SG_FIT_CAL3D_ORIENTATION_MATRIX = 5,     /* sint32[9], scale 65535 */
};
#define SG_FIT_SENSOR_ACCELEROMETER 0
#define SG_FIT_SENSOR_GYROSCOPE 1
#define SG_FIT_ORIENTATION_SCALE 65535.0
#define SG_FIT_STANDARD_GRAVITY 9.80665      /* m/s^2 per g */

/* ---- enums: sport, sub_sport, manufacturer ---------------------------- */

enum {
    SG_FIT_SPORT_GENERIC = 0,
    SG_FIT_SPORT_RUNNING = 1,
    SG_FIT_SPORT_CYCLING = 2,
    SG_FIT_SPORT_TRANSITION = 3,
    SG_FIT_SPORT_FITNESS_EQUIPMENT = 4,
    SG_FIT_SPORT_SWIMMING = 5,
    SG_FIT_SPORT_WALKING = 11,
    SG_FIT_SPORT_HIKING = 17,
};
enum {
    SG_FIT_SUB_GENERIC = 0,
    SG_FIT_SUB_TREADMILL = 1,
    SG_FIT_SUB_STREET = 2,
    SG_FIT_SUB_TRAIL = 3,
    SG_FIT_SUB_TRACK = 4,
    SG_FIT_SUB_SPIN = 5,
    SG_FIT_SUB_INDOOR_CYCLING = 6,
    SG_FIT_SUB_ROAD = 7,
    SG_FIT_SUB_INDOOR_ROWING = 14,
    SG_FIT_SUB_INDOOR_WALKING = 27,
    SG_FIT_SUB_INDOOR_RUNNING = 45,
    SG_FIT_SUB_VIRTUAL_ACTIVITY = 58,
};
#define SG_FIT_MANUFACTURER_GARMIN 1
#define SG_FIT_MANUFACTURER_DEVELOPMENT 255

/* Profile message name ("record") or NULL when the message is not in the
 * profile strideguard knows (the JSON view then says "unknown_<n>"). The set
 * follows FIT profile 20.88, which the reference decodes also use, so message
 * counts compare name for name. */
const char *sg_fit_mesg_name(unsigned global);

/* Manufacturer / Garmin product names; NULL when unknown. */
const char *sg_fit_manufacturer_name(unsigned id);
const char *sg_fit_garmin_product_name(unsigned id);

/* FIT sport / sub_sport names ("running", "trail"); NULL when unknown. */
const char *sg_fit_sport_name(unsigned sport);
const char *sg_fit_sub_sport_name(unsigned sub);

/* ---- CRC -------------------------------------------------------------- */

/* FIT's CRC-16 (polynomial 0xA001 reflected, initial 0) of len bytes,
 * continuing from crc. Table-driven, 8 bytes per step. */
uint16_t sg_fit_crc16(uint16_t crc, const uint8_t *p, size_t len);

#endif
