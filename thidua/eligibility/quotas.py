"""Quota and share rules checked on a whole list, not on one subject.

- Chiến sĩ thi đua cơ sở: at most `cstdcs_quota` (historic 15%) of those who reached LĐTT/CSTT
  (NĐ 91/2017 Điều 9 khoản 3; current source unverified → rule parameter).
- Cờ thi đua của Chính phủ: at most `co_cp_quota` (historic 20%) of the collectives that qualified
  for Cờ thi đua of the province (NĐ 91/2017 Điều 11; unverified → rule parameter).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from .predicates import percent, quota_percent


@dataclass(frozen=True)
class QuotaCheck:
    ok: bool
    message: str  # "6 / 40 LĐTT = 15,0% — đạt" or "7 / 40 LĐTT = 17,5% — vượt tỷ lệ 15%"
    allowed: int = 0  # the largest count the quota allows for this base


def share_check(count: int, base: int, quota, *, base_label: str) -> QuotaCheck:
    """`count` of `base` must not exceed `quota` (a share, e.g. Decimal("0.15"))."""
    if count < 0 or base < 0:
        raise ValueError("Số lượng không được âm.")
    q = Decimal(str(quota))
    allowed = math.floor(q * base + Decimal("1e-9")) if base else 0
    if base == 0:
        if count == 0:
            return QuotaCheck(True, f"0 / 0 {base_label} — đạt", 0)
        return QuotaCheck(False, f"{count} / 0 {base_label} — vượt tỷ lệ {quota_percent(q)}", 0)
    ok = Decimal(count) <= q * base
    share = Decimal(count) / Decimal(base)
    verdict = "đạt" if ok else f"vượt tỷ lệ {quota_percent(q)}"
    return QuotaCheck(ok, f"{count} / {base} {base_label} = {percent(share)} — {verdict}", allowed)


def cstdcs_quota_check(n_cstdcs: int, n_ldtt: int, quota) -> QuotaCheck:
    """CSTĐCS proposed in a unit against those who reached LĐTT/CSTT (param cstdcs_quota)."""
    return share_check(n_cstdcs, n_ldtt, quota, base_label="LĐTT")


def co_cp_quota_check(n_co_cp: int, n_co_tinh_qualified: int, quota) -> QuotaCheck:
    """Cờ thi đua của Chính phủ proposed against collectives qualified for Cờ của tỉnh (param co_cp_quota)."""
    return share_check(n_co_cp, n_co_tinh_qualified, quota, base_label="tập thể đủ tiêu chuẩn Cờ thi đua của tỉnh")
