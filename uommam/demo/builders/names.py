"""Name pools for the demo: Tày, Kinh, Dao, Mông and other groups of Chiêm Hóa."""

from __future__ import annotations

import random

# ethnicity code → (family names, male middle names, female middle names)
FAMILY = {
    "02": ["Ma", "Hoàng", "Nông", "La", "Lý", "Quan", "Hà", "Lương", "Lộc", "Đàm", "Chẩu", "Mai", "Nguyễn"],
    "01": ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi", "Đặng", "Phan", "Dương", "Đinh"],
    "09": ["Triệu", "Bàn", "Đặng", "Lý", "Phùng", "Chảo", "Tẩn"],
    "08": ["Giàng", "Sùng", "Vàng", "Thào", "Lù", "Hầu", "Mùa", "Lầu"],
    "07": ["Hoàng", "Nông", "Lương", "Vi", "Lăng"],
    "15": ["Lâm", "Trương", "Dương", "Hà", "Lục"],
}
MIDDLE_MALE = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Mạnh", "Tiến", "Công", "Thanh"]
MIDDLE_FEMALE = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Hồng", "Thanh", "Phương", "Thùy", "Kim"]
MONG_MIDDLE_MALE = ["A", "Seo", "Văn", "Mí"]
MONG_MIDDLE_FEMALE = ["Thị", "Thị", "Sú"]
GIVEN_MALE = [
    "An",
    "Anh",
    "Bình",
    "Cường",
    "Chiến",
    "Dũng",
    "Duy",
    "Đạt",
    "Đức",
    "Giang",
    "Hải",
    "Hiếu",
    "Hoàng",
    "Huy",
    "Hùng",
    "Khánh",
    "Khải",
    "Lâm",
    "Long",
    "Mạnh",
    "Minh",
    "Nam",
    "Nghĩa",
    "Phong",
    "Phúc",
    "Quân",
    "Quang",
    "Sơn",
    "Tài",
    "Thành",
    "Thắng",
    "Trung",
    "Tuấn",
    "Tùng",
    "Việt",
    "Vinh",
    "Hưng",
    "Ước",
    "Ân",
    "Tú Anh",
]
GIVEN_FEMALE = [
    "An",
    "Anh",
    "Ánh",
    "Chi",
    "Diệp",
    "Duyên",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hiền",
    "Hoa",
    "Huyền",
    "Hương",
    "Lan",
    "Liên",
    "Linh",
    "Ly",
    "Mai",
    "My",
    "Nga",
    "Ngân",
    "Ngọc Anh",
    "Nhung",
    "Oanh",
    "Phương",
    "Quyên",
    "Thảo",
    "Thơ",
    "Thủy",
    "Trang",
    "Uyên",
    "Vân",
    "Yến",
    "Ánh Dương",
    "Ưng",
    "Đào",
    "Bích Ngọc",
]
MONG_GIVEN_MALE = ["Páo", "Chứ", "Sình", "Pó", "Dế", "Chử", "Lử", "Tủa"]
MONG_GIVEN_FEMALE = ["Mỷ", "Dua", "Sy", "Chía", "Mai", "Pà", "Dở"]

# Share of each group among the demo's students (Chiêm Hóa is mostly Tày).
ETHNIC_MIX = [("02", 50), ("01", 24), ("09", 12), ("08", 8), ("07", 3), ("15", 3)]


def pick_ethnicity(rng: random.Random) -> str:
    codes, weights = zip(*ETHNIC_MIX, strict=True)
    chosen: str = rng.choices(codes, weights=weights)[0]
    return chosen


def make_name(rng: random.Random, ethnicity: str, sex: str) -> tuple[str, str, str]:
    family = rng.choice(FAMILY[ethnicity])
    if ethnicity == "08":
        middle = rng.choice(MONG_MIDDLE_MALE if sex == "M" else MONG_MIDDLE_FEMALE)
        given = rng.choice(MONG_GIVEN_MALE if sex == "M" else MONG_GIVEN_FEMALE)
    else:
        middle = rng.choice(MIDDLE_MALE if sex == "M" else MIDDLE_FEMALE)
        given = rng.choice(GIVEN_MALE if sex == "M" else GIVEN_FEMALE)
    return family, middle, given
