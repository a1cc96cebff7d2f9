"""report-drafter: soạn báo cáo sơ kết, tổng kết (cấp ủy, UBND) thành tệp Word."""

__version__ = "0.1.0"
