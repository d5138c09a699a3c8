/** The message of the error a write gets while a switch's fence (or a finished switch) holds it. */
export const WRITES_PAUSED_MESSAGE = 'bharatmart-switch: writes are paused while the database is switched';

/** The SQLSTATE PostgreSQL raises it with (a code of our own, class BM). */
export const WRITES_PAUSED_SQLSTATE = 'BMSW1';

/** The error number Oracle raises it with (`raise_application_error(-20001, …)`, ORA-20001). */
export const WRITES_PAUSED_ORACLE_ERROR = 20001;
