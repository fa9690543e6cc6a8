"""The words and the Vietnamese writing of numbers, dates and names that scripts/generate_corpus.py
builds documents from: people, villages, agencies, tasks, filler sentences, national references,
"1.214", "16,7", "ba mươi triệu", "ngày 05 tháng 3 năm 2025"."""
from __future__ import annotations

import random

# ---------------------------------------------------------------- lexicons

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Phan", "Huỳnh", "A"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Quang", "Xuân", "Thanh", "Công", "Đình", "Trọng"]
GIVEN = ["Hùng", "Tháp", "Trang", "Hòa", "Thắng", "Dũng", "Hải", "Lan", "Hương", "Sơn", "Tuấn", "Bình", "Phúc",
         "Long", "Nam", "Khoa", "Thành", "Quý", "Trường", "Lực", "Hiếu", "Vinh", "Mai", "Nga"]
VILLAGE_SYLLABLES_A = ["Kon", "Đăk", "Plei", "Ia", "Măng", "Tea", "Đak", "Kon Năng", "Vi", "Long"]
VILLAGE_SYLLABLES_B = ["Gol", "Bư", "Nhên", "Jri", "Rơ", "Brăp", "Mơ Nây", "Klah", "Tu", "Hring", "Pông", "Xô",
                       "Hơ Lăng", "Kơ Dâm", "Ri", "Wơk", "Prông", "Ler", "Chuôr", "Tang"]
PROVINCE_AGENCIES = [
    # (canonical name, printed forms)
    ("Sở Nông nghiệp và Phát triển nông thôn", ["Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT", "Sở Nông nghiệp và PTNT"]),
    ("Sở Kế hoạch và Đầu tư", ["Sở Kế hoạch và Đầu tư", "Sở KH&ĐT"]),
    ("Sở Tài chính", ["Sở Tài chính"]),
    ("Sở Giao thông vận tải", ["Sở Giao thông vận tải", "Sở GTVT"]),
    ("Sở Xây dựng", ["Sở Xây dựng"]),
    ("Sở Tài nguyên và Môi trường", ["Sở Tài nguyên và Môi trường", "Sở TN&MT"]),
    ("Sở Lao động - Thương binh và Xã hội", ["Sở Lao động - Thương binh và Xã hội"]),
    ("Sở Văn hóa, Thể thao và Du lịch", ["Sở Văn hóa, Thể thao và Du lịch"]),
    ("Sở Giáo dục và Đào tạo", ["Sở Giáo dục và Đào tạo"]),
    ("Sở Y tế", ["Sở Y tế"]),
    ("Sở Công Thương", ["Sở Công Thương"]),
    ("Sở Thông tin và Truyền thông", ["Sở Thông tin và Truyền thông"]),
    ("Ban Dân tộc tỉnh", ["Ban Dân tộc tỉnh"]),
    ("Ủy ban nhân dân các huyện, thành phố", ["Ủy ban nhân dân các huyện, thành phố", "UBND các huyện, thành phố"]),
]
DISTRICT_AGENCIES = [
    ("Phòng Nông nghiệp và Phát triển nông thôn huyện", ["Phòng Nông nghiệp và Phát triển nông thôn huyện", "Phòng Nông nghiệp và PTNT huyện"]),
    ("Phòng Tài chính - Kế hoạch huyện", ["Phòng Tài chính - Kế hoạch huyện"]),
    ("Phòng Kinh tế và Hạ tầng huyện", ["Phòng Kinh tế và Hạ tầng huyện"]),
    ("Phòng Tài nguyên và Môi trường huyện", ["Phòng Tài nguyên và Môi trường huyện"]),
    ("Phòng Văn hóa và Thông tin huyện", ["Phòng Văn hóa và Thông tin huyện"]),
    ("Phòng Giáo dục và Đào tạo huyện", ["Phòng Giáo dục và Đào tạo huyện"]),
    ("Phòng Lao động - Thương binh và Xã hội huyện", ["Phòng Lao động - Thương binh và Xã hội huyện"]),
    ("Phòng Dân tộc huyện", ["Phòng Dân tộc huyện"]),
    ("Ủy ban nhân dân các xã", ["Ủy ban nhân dân các xã", "UBND các xã"]),
]
TASKS = [
    "tham mưu Ủy ban nhân dân ban hành kế hoạch thực hiện các tiêu chí còn thiếu",
    "hướng dẫn, kiểm tra, đôn đốc việc thực hiện các nội dung của Chương trình",
    "tổng hợp, cân đối, bố trí nguồn vốn thực hiện Chương trình theo quy định",
    "rà soát, đánh giá thực trạng các tiêu chí theo Bộ tiêu chí nông thôn mới",
    "đẩy mạnh công tác tuyên truyền, vận động Nhân dân tham gia thực hiện phong trào",
    "theo dõi tình hình triển khai thực hiện, kịp thời tháo gỡ khó khăn, vướng mắc",
    "hướng dẫn phát triển sản xuất, nâng cao thu nhập cho người dân",
    "kiểm tra, giám sát việc quản lý, sử dụng nguồn vốn đúng mục đích, hiệu quả",
    "thẩm định hồ sơ đề nghị công nhận đạt chuẩn theo quy định",
    "hướng dẫn thực hiện tiêu chí về môi trường và an toàn thực phẩm",
]
FILLER = [
    "Quán triệt sâu sắc các chủ trương, chính sách về xây dựng nông thôn mới đến cán bộ, đảng viên và Nhân dân.",
    "Phát huy vai trò chủ thể của người dân trong xây dựng nông thôn mới, khơi dậy tinh thần tự lực, tự cường.",
    "Bảo đảm sự lãnh đạo, chỉ đạo thống nhất, đồng bộ, có trọng tâm, trọng điểm và phù hợp với điều kiện thực tế.",
    "Việc triển khai thực hiện phải gắn với trách nhiệm của người đứng đầu, bảo đảm công khai, minh bạch.",
    "Nâng cao chất lượng các tiêu chí đã đạt, không chạy theo thành tích, bảo đảm thực chất và bền vững.",
    "Lồng ghép có hiệu quả các chương trình, dự án trên địa bàn để tập trung nguồn lực thực hiện.",
    "Một số tiêu chí còn khó khăn, nhất là tiêu chí thu nhập và nghèo đa chiều.",
    "Nguồn lực huy động từ doanh nghiệp và cộng đồng còn hạn chế, chưa đáp ứng nhu cầu.",
    "Công tác phối hợp giữa các đơn vị có lúc chưa chặt chẽ, việc báo cáo còn chậm so với yêu cầu.",
    "Đời sống vật chất và tinh thần của người dân vùng sâu, vùng xa tuy được cải thiện nhưng còn nhiều khó khăn.",
    "Cảnh quan, môi trường nông thôn từng bước được cải thiện, sáng - xanh - sạch - đẹp hơn.",
    "Hệ thống chính trị cơ sở được củng cố, an ninh chính trị và trật tự an toàn xã hội được giữ vững.",
]
NATIONAL_REFERENCES = [
    ("263/QĐ-TTg", "Quyết định", "2022-02-22", "của Thủ tướng Chính phủ phê duyệt Chương trình mục tiêu quốc gia xây dựng nông thôn mới giai đoạn 2021 - 2025"),
    ("318/QĐ-TTg", "Quyết định", "2022-03-08", "của Thủ tướng Chính phủ ban hành Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021 - 2025"),
    ("320/QĐ-TTg", "Quyết định", "2022-03-08", "của Thủ tướng Chính phủ ban hành Bộ tiêu chí quốc gia về huyện nông thôn mới giai đoạn 2021 - 2025"),
    ("319/QĐ-TTg", "Quyết định", "2022-03-08", "của Thủ tướng Chính phủ quy định xã nông thôn mới kiểu mẫu giai đoạn 2021 - 2025"),
    ("25/2021/QH15", "Nghị quyết", "2021-07-28", "của Quốc hội phê duyệt chủ trương đầu tư Chương trình mục tiêu quốc gia xây dựng nông thôn mới giai đoạn 2021 - 2025"),
]
DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def thousands(n: int) -> str:
    """12345 → "12.345" (Vietnamese grouping)."""
    return f"{n:,}".replace(",", ".")


def decimal(x: float, places: int = 1) -> str:
    """62.4 → "62,4"."""
    return f"{x:.{places}f}".replace(".", ",")


def pad(n: int) -> str:
    """House style: numbers below ten are written with a zero ("05 xã")."""
    return f"{n:02d}"


def _triple(n: int, full: bool) -> str:
    h, t, u = n // 100, n // 10 % 10, n % 10
    out = []
    if full or h:
        out += [DIGITS[h], "trăm"]
    if t == 0 and u and (full or h):
        out.append("linh")
    if t == 1:
        out.append("mười")
    elif t > 1:
        out += [DIGITS[t], "mươi"]
    if u:
        out.append("mốt" if u == 1 and t > 1 else "lăm" if u == 5 and t else DIGITS[u])
    return " ".join(out)


def vn_words(n: int) -> str:
    """An amount in words, as printed after a figure: 12_345_000_000 → "Mười hai tỷ, ba trăm bốn mươi lăm triệu"."""
    if n == 0:
        return "Không"
    parts, scales = [], [(10 ** 9, "tỷ"), (10 ** 6, "triệu"), (10 ** 3, "nghìn"), (1, "")]
    started = False
    for scale, name in scales:
        k = n // scale % 1000 if scale < 10 ** 9 else n // scale
        if k:
            words = vn_words(k).lower() if k >= 1000 else _triple(k, started)
            parts.append((words + " " + name).strip())
            started = True
    text = ", ".join(parts)
    return text[0].upper() + text[1:]


def vn_date(y: int, m: int, d: int) -> str:
    """Header style: "ngày 05 tháng 3 năm 2024" (days below 10 and months 1-2 zero-padded)."""
    month = f"{m:02d}" if m < 3 else str(m)
    return f"ngày {d:02d} tháng {month} năm {y}"


def short_date(y: int, m: int, d: int) -> str:
    """Body style varies: "22/02/2022" or "12/6/2023"."""
    return f"{d:02d}/{m:02d}/{y}" if (d + m) % 2 else f"{d}/{m}/{y}"


def iso(y: int, m: int, d: int) -> str:
    return f"{y:04d}-{m:02d}-{d:02d}"


def person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def village_name(rng: random.Random, kon_tum: bool) -> str:
    number = rng.randint(1, 14)
    if kon_tum or rng.random() < 0.5:
        alias = f"{rng.choice(VILLAGE_SYLLABLES_A)} {rng.choice(VILLAGE_SYLLABLES_B)}"
        return f"Thôn {number} ({alias})"
    return f"Thôn {number}"
