"""Amounts in Vietnamese words, as written on decisions and payment lists ("Bằng chữ: …").

    amount_in_words(7_590_000) == "Bảy triệu năm trăm chín mươi nghìn đồng"

Rules: "linh" for a zero tens digit before a unit ("một trăm linh năm"); "mười" for ten;
"mốt" for a final 1 after 20+; "tư" for a final 4 after 20+; "lăm" for a final 5 after 10+;
"không trăm" for an inner group below 100 ("hai triệu không trăm hai mươi nghìn");
groups: nghìn, triệu, tỷ (then nghìn tỷ, triệu tỷ, tỷ tỷ).
"""

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
GROUPS = ("", "nghìn", "triệu")


def _triple(n: int, full: bool) -> list[str]:
    """Words of 0 < n < 1000; `full` = an inner group (says "không trăm", "linh")."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append("linh")
            words.append(DIGITS[units])
        return words
    words += ["mười"] if tens == 1 else [DIGITS[tens], "mươi"]
    if units == 1:
        words.append("mốt" if tens > 1 else "một")
    elif units == 4:
        words.append("tư" if tens > 1 else "bốn")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(DIGITS[units])
    return words


def _below_billion(n: int, full: bool) -> list[str]:
    words: list[str] = []
    groups = []
    while n:
        n, g = divmod(n, 1000)
        groups.append(g)
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if not g:
            continue
        inner = full or i < len(groups) - 1
        words += _triple(g, inner)
        if GROUPS[i]:
            words.append(GROUPS[i])
    return words


def number_in_words(n: int) -> str:
    """Vietnamese words for a non-negative integer, lower case."""
    if n < 0:
        return "âm " + number_in_words(-n)
    if n == 0:
        return "không"
    words: list[str] = []
    billions, rest = divmod(n, 1_000_000_000)
    if billions:
        words += number_in_words(billions).split() + ["tỷ"]
    if rest:
        words += _below_billion(rest, full=bool(billions))
    return " ".join(words)


def amount_in_words(amount: int) -> str:
    """ "Bảy triệu năm trăm chín mươi nghìn đồng" (first letter capitalised)."""
    text = number_in_words(int(amount)) + " đồng"
    return text[0].upper() + text[1:]
