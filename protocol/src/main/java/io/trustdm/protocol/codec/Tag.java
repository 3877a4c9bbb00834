package io.trustdm.protocol.codec;

import java.util.HashMap;
import java.util.Map;

/**
 * Every element of the three vocabularies a DM message may contain, with its WBXML code page and token: page 0
 * SyncML ({@code SYNCML:SYNCML1.2}), page 1 MetInf ({@code syncml:metinf}), page 2 DM DDF / TNDS
 * ({@code syncml:dmddf1.2}). The tokens are those of OMA-TS-DM_RepPro and OMA-TS-DM_TND §8.6, cross-checked against
 * libwbxml's tables.
 */
public enum Tag {
    ADD(0, 0x05, "Add"),
    ALERT(0, 0x06, "Alert"),
    ARCHIVE(0, 0x07, "Archive"),
    ATOMIC(0, 0x08, "Atomic"),
    CHAL(0, 0x09, "Chal"),
    CMD(0, 0x0A, "Cmd"),
    CMD_ID(0, 0x0B, "CmdID"),
    CMD_REF(0, 0x0C, "CmdRef"),
    COPY(0, 0x0D, "Copy"),
    CRED(0, 0x0E, "Cred"),
    DATA(0, 0x0F, "Data"),
    DELETE(0, 0x10, "Delete"),
    EXEC(0, 0x11, "Exec"),
    FINAL(0, 0x12, "Final"),
    GET(0, 0x13, "Get"),
    ITEM(0, 0x14, "Item"),
    LANG(0, 0x15, "Lang"),
    LOC_NAME(0, 0x16, "LocName"),
    LOC_URI(0, 0x17, "LocURI"),
    MAP(0, 0x18, "Map"),
    MAP_ITEM(0, 0x19, "MapItem"),
    META(0, 0x1A, "Meta"),
    MSG_ID(0, 0x1B, "MsgID"),
    MSG_REF(0, 0x1C, "MsgRef"),
    NO_RESP(0, 0x1D, "NoResp"),
    NO_RESULTS(0, 0x1E, "NoResults"),
    PUT(0, 0x1F, "Put"),
    REPLACE(0, 0x20, "Replace"),
    RESP_URI(0, 0x21, "RespURI"),
    RESULTS(0, 0x22, "Results"),
    SEARCH(0, 0x23, "Search"),
    SEQUENCE(0, 0x24, "Sequence"),
    SESSION_ID(0, 0x25, "SessionID"),
    SFT_DEL(0, 0x26, "SftDel"),
    SOURCE(0, 0x27, "Source"),
    SOURCE_REF(0, 0x28, "SourceRef"),
    STATUS(0, 0x29, "Status"),
    SYNC(0, 0x2A, "Sync"),
    SYNC_BODY(0, 0x2B, "SyncBody"),
    SYNC_HDR(0, 0x2C, "SyncHdr"),
    SYNC_ML(0, 0x2D, "SyncML"),
    TARGET(0, 0x2E, "Target"),
    TARGET_REF(0, 0x2F, "TargetRef"),
    VER_DTD(0, 0x31, "VerDTD"),
    VER_PROTO(0, 0x32, "VerProto"),
    NUMBER_OF_CHANGES(0, 0x33, "NumberOfChanges"),
    MORE_DATA(0, 0x34, "MoreData"),
    FIELD(0, 0x35, "Field"),
    FILTER(0, 0x36, "Filter"),
    RECORD(0, 0x37, "Record"),
    FILTER_TYPE(0, 0x38, "FilterType"),
    SOURCE_PARENT(0, 0x39, "SourceParent"),
    TARGET_PARENT(0, 0x3A, "TargetParent"),
    MOVE(0, 0x3B, "Move"),
    CORRELATOR(0, 0x3C, "Correlator"),
    MI_ANCHOR(1, 0x05, "Anchor"),
    MI_EMI(1, 0x06, "EMI"),
    MI_FORMAT(1, 0x07, "Format"),
    MI_FREE_ID(1, 0x08, "FreeID"),
    MI_FREE_MEM(1, 0x09, "FreeMem"),
    MI_LAST(1, 0x0A, "Last"),
    MI_MARK(1, 0x0B, "Mark"),
    MI_MAX_MSG_SIZE(1, 0x0C, "MaxMsgSize"),
    MI_MEM(1, 0x0D, "Mem"),
    MI_MET_INF(1, 0x0E, "MetInf"),
    MI_NEXT(1, 0x0F, "Next"),
    MI_NEXT_NONCE(1, 0x10, "NextNonce"),
    MI_SHARED_MEM(1, 0x11, "SharedMem"),
    MI_SIZE(1, 0x12, "Size"),
    MI_TYPE(1, 0x13, "Type"),
    MI_VERSION(1, 0x14, "Version"),
    MI_MAX_OBJ_SIZE(1, 0x15, "MaxObjSize"),
    MI_FIELD_LEVEL(1, 0x16, "FieldLevel"),
    DDF_ACCESS_TYPE(2, 0x05, "AccessType"),
    DDF_ACL(2, 0x06, "ACL"),
    DDF_ADD(2, 0x07, "Add"),
    DDF_FORMAT_B64(2, 0x08, "b64"),
    DDF_FORMAT_BIN(2, 0x09, "bin"),
    DDF_FORMAT_BOOL(2, 0x0A, "bool"),
    DDF_FORMAT_CHR(2, 0x0B, "chr"),
    DDF_CASE_SENSE(2, 0x0C, "CaseSense"),
    DDF_CIS(2, 0x0D, "CIS"),
    DDF_COPY(2, 0x0E, "Copy"),
    DDF_CS(2, 0x0F, "CS"),
    DDF_FORMAT_DATE(2, 0x10, "date"),
    DDF_DDF_NAME(2, 0x11, "DDFName"),
    DDF_DEFAULT_VALUE(2, 0x12, "DefaultValue"),
    DDF_DELETE(2, 0x13, "Delete"),
    DDF_DESCRIPTION(2, 0x14, "Description"),
    DDF_DF_FORMAT(2, 0x15, "DFFormat"),
    DDF_DF_PROPERTIES(2, 0x16, "DFProperties"),
    DDF_DF_TITLE(2, 0x17, "DFTitle"),
    DDF_DF_TYPE(2, 0x18, "DFType"),
    DDF_DYNAMIC(2, 0x19, "Dynamic"),
    DDF_EXEC(2, 0x1A, "Exec"),
    DDF_FORMAT_FLOAT(2, 0x1B, "float"),
    DDF_FORMAT(2, 0x1C, "Format"),
    DDF_GET(2, 0x1D, "Get"),
    DDF_FORMAT_INT(2, 0x1E, "int"),
    DDF_MAN(2, 0x1F, "Man"),
    DDF_MGMT_TREE(2, 0x20, "MgmtTree"),
    DDF_MIME(2, 0x21, "MIME"),
    DDF_MOD(2, 0x22, "Mod"),
    DDF_NAME(2, 0x23, "Name"),
    DDF_NODE(2, 0x24, "Node"),
    DDF_FORMAT_NODE(2, 0x25, "node"),
    DDF_NODE_NAME(2, 0x26, "NodeName"),
    DDF_FORMAT_NULL(2, 0x27, "null"),
    DDF_OCCURRENCE(2, 0x28, "Occurrence"),
    DDF_ONE(2, 0x29, "One"),
    DDF_ONE_OR_MORE(2, 0x2A, "OneOrMore"),
    DDF_ONE_OR_N(2, 0x2B, "OneOrN"),
    DDF_PATH(2, 0x2C, "Path"),
    DDF_PERMANENT(2, 0x2D, "Permanent"),
    DDF_REPLACE(2, 0x2E, "Replace"),
    DDF_RT_PROPERTIES(2, 0x2F, "RTProperties"),
    DDF_SCOPE(2, 0x30, "Scope"),
    DDF_SIZE(2, 0x31, "Size"),
    DDF_FORMAT_TIME(2, 0x32, "time"),
    DDF_TITLE(2, 0x33, "Title"),
    DDF_T_STAMP(2, 0x34, "TStamp"),
    DDF_TYPE(2, 0x35, "Type"),
    DDF_VALUE(2, 0x36, "Value"),
    DDF_VER_DTD(2, 0x37, "VerDTD"),
    DDF_VER_NO(2, 0x38, "VerNo"),
    DDF_FORMAT_XML(2, 0x39, "xml"),
    DDF_ZERO_OR_MORE(2, 0x3A, "ZeroOrMore"),
    DDF_ZERO_OR_N(2, 0x3B, "ZeroOrN"),
    DDF_ZERO_OR_ONE(2, 0x3C, "ZeroOrOne");

    public static final int PAGE_SYNCML = 0;
    public static final int PAGE_METINF = 1;
    public static final int PAGE_DDF = 2;

    private static final Tag[][] BY_TOKEN = new Tag[3][64];
    private static final Map<String, Tag>[] BY_NAME = newMaps();

    static {
        for (Tag t : values()) {
            BY_TOKEN[t.page][t.token] = t;
            BY_NAME[t.page].put(t.xmlName, t);
        }
    }

    private final int page;
    private final int token;
    private final String xmlName;

    Tag(int page, int token, String xmlName) {
        this.page = page;
        this.token = token;
        this.xmlName = xmlName;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Tag>[] newMaps() {
        return new Map[] {new HashMap<>(), new HashMap<>(), new HashMap<>()};
    }

    /** WBXML code page: 0 SyncML, 1 MetInf, 2 DM DDF. */
    public int page() {
        return page;
    }

    /** WBXML tag token without the content and attribute bits. */
    public int token() {
        return token;
    }

    /** The element's local name in XML. */
    public String xmlName() {
        return xmlName;
    }

    /** The namespace URI of the element's vocabulary, in its canonical spelling. */
    public String namespace() {
        return Namespaces.ofPage(page);
    }

    /** The tag with this token on this page, or {@code null}. */
    public static Tag byToken(int page, int token) {
        return page >= 0 && page < 3 && token >= 0 && token < 64 ? BY_TOKEN[page][token] : null;
    }

    /** The tag with this local name on this page, or {@code null}. */
    public static Tag byName(int page, String name) {
        return page >= 0 && page < 3 ? BY_NAME[page].get(name) : null;
    }
}
